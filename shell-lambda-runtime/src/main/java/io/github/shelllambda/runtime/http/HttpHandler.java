package io.github.shelllambda.runtime.http;

/** Answers one request. May block (a Runtime API {@code /next} waits for an invocation). */
@FunctionalInterface
public interface HttpHandler {
  HttpResponse handle(HttpRequest request) throws Exception;
}
