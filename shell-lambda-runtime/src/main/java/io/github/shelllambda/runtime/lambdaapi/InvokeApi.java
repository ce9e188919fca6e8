package io.github.shelllambda.runtime.lambdaapi;

import io.github.shelllambda.runtime.function.FunctionId;
import io.github.shelllambda.runtime.function.Invocation;
import io.github.shelllambda.runtime.function.InvokeRequest;
import io.github.shelllambda.runtime.function.LambdaServiceException;
import io.github.shelllambda.runtime.LocalFunction;
import io.github.shelllambda.runtime.function.RequestTooLargeException;
import io.github.shelllambda.runtime.function.ResourceNotFoundException;
import io.github.shelllambda.runtime.http.HttpRequest;
import io.github.shelllambda.runtime.http.HttpResponse;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.shelllambda.runtime.function.ResponseStream;
import io.github.shelllambda.runtime.http.Headers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Lambda's Invoke operation ({@code POST /2015-03-31/functions/{name}/invocations}): qualifiers,
 * {@code X-Amz-Invocation-Type} (RequestResponse, Event -> 202, DryRun -> 204), {@code
 * X-Amz-Log-Type: Tail}, {@code X-Amz-Client-Context}, {@code X-Amz-Function-Error: Unhandled},
 * {@code X-Amz-Executed-Version}.
 */
final class InvokeApi {
  private final Map<String, LocalFunction> functions;
  private final LambdaApi.Plane plane;

  /** @param plane where functions not in {@code functions} are looked up (their versions and aliases), or null */
  InvokeApi(Map<String, LocalFunction> functions, LambdaApi.Plane plane) {
    this.functions = functions;
    this.plane = plane;
  }

  /**
   * The function a call names, resolved once for Invoke and InvokeWithResponseStream: a function
   * served here, or (the plane's functions, and a version or alias the plane published of a
   * function served here) the plane's target for the qualifier, which the caller closes.
   *
   * @param resolved true when the plane resolved the qualifier (the version's own, or an alias
   *     routed to that version)
   * @param target the plane's target to close after the invocation, or null
   */
  private record Resolved(
      LocalFunction fn, Optional<String> qualifier, boolean resolved, String executedVersion,
      LambdaApi.Plane.Target target) {}

  private Resolved resolve(LambdaApi.Call call) {
    FunctionId.Reference ref;
    try {
      ref = FunctionId.Reference.parse(call.pathParameter("FunctionName"));
    } catch (IllegalArgumentException e) {
      throw new LambdaServiceException(400, "InvalidParameterValueException", e.getMessage());
    }
    Optional<String> qualifier = LambdaApi.queryParameter(call.http(), "Qualifier").or(ref::qualifier);
    boolean elsewhere =
        ref.region().filter(rg -> !rg.equals(region())).isPresent()
            || ref.account().filter(a -> !a.equals(FunctionId.LOCAL_ACCOUNT)).isPresent();
    if (elsewhere) {
      // an ARN of another region or account names another function, which this plane does not have
      throw new ResourceNotFoundException("Function not found: " + call.pathParameter("FunctionName"));
    }
    LocalFunction fn = functions.get(ref.name());
    // the run goal's function is also the plane's $LATEST: $LATEST runs the one served here
    boolean published = qualifier.filter(q -> !q.equals(FunctionId.LATEST)).isPresent();
    if ((fn == null || published) && plane != null && plane.hasFunction(ref.name())) {
      LambdaApi.Plane.Target target = plane.invokeTarget(ref.name(), qualifier.orElse(null));
      return new Resolved(target.function(), qualifier, true, target.executedVersion(), target);
    }
    if (fn == null) {
      throw new ResourceNotFoundException(
          "Function not found: arn:aws:lambda:" + region() + ":" + FunctionId.LOCAL_ACCOUNT + ":function:" + ref.name()
              + qualifier.map(q -> ":" + q).orElse(""));
    }
    return new Resolved(fn, qualifier, false, null, null);
  }

  /**
   * The invocation runs under the call's request id: the {@code x-amzn-RequestId} answered is the
   * id in {@code LAMBDA_RUNTIME_AWS_REQUEST_ID}, START/END/REPORT and the Tail log (for an Event
   * invocation, the id its later run logs).
   */
  HttpResponse invoke(LambdaApi.Call call) {
    Resolved f = resolve(call);
    try {
      return invoke(call.http(), f.fn(), f.qualifier(), f.resolved(), f.executedVersion(), call.requestId());
    } finally {
      if (f.target() != null) {
        f.target().close();
      }
    }
  }

  /**
   * {@code InvokeWithResponseStream} ({@code POST /2021-11-15/functions/{name}/response-streaming-invocations}):
   * 200 with an event stream: a {@code PayloadChunk} event per piece of the response as the
   * runtime streams it (or one with a buffered response), then {@code InvokeComplete} ({@code
   * ErrorCode} and {@code ErrorDetails} on a function error, {@code LogResult} with {@code
   * X-Amz-Log-Type: Tail}). {@code InvocationType} RequestResponse (default) or DryRun (204).
   */
  HttpResponse invokeWithResponseStream(LambdaApi.Call call) {
    Resolved f = resolve(call);
    try {
      // a plane target stays open until the stream is written
      return streamed(call.http(), f.fn(), f.qualifier(), f.resolved(), f.executedVersion(), call.requestId(),
          f.target());
    } catch (RuntimeException e) {
      if (f.target() != null) {
        f.target().close();
      }
      throw e;
    }
  }

  private HttpResponse streamed(
      HttpRequest r,
      LocalFunction fn,
      Optional<String> qualifier,
      boolean resolved,
      String executedVersion,
      String requestId,
      AutoCloseable owned) {
    if (r.bodyTooLarge()) {
      throw new RequestTooLargeException(
          "Request must be smaller than " + LocalFunction.MAX_REQUEST_BYTES + " bytes for the InvokeFunction operation");
    }
    InvokeRequest base = InvokeRequest.of(r.body()).withRequestId(requestId);
    InvokeRequest ir0 =
        resolved ? base.withResolvedQualifier(qualifier.orElse(null)) : base.withQualifier(qualifier.orElse(null));
    InvokeRequest ir = r.headers().first("X-Amz-Client-Context").map(ir0::withClientContext).orElse(ir0);
    String type = r.headers().first("X-Amz-Invocation-Type").orElse("RequestResponse");
    if (type.equals("DryRun")) {
      try {
        fn.validateOnly(ir);
        return HttpResponse.empty(204);
      } finally {
        closeQuietly(owned);
      }
    }
    if (!type.equals("RequestResponse")) {
      closeQuietly(owned);
      throw new LambdaServiceException(
          400, "InvalidParameterValueException",
          "X-Amz-Invocation-Type is '" + type + "'; InvokeWithResponseStream takes RequestResponse or DryRun");
    }
    fn.validateOnly(ir); // a bad payload or qualifier is an error answer, not a broken stream
    boolean tail = r.headers().first("X-Amz-Log-Type").map(t -> t.equals("Tail")).orElse(false);
    return HttpResponse.streaming(target -> {
      try {
        Headers h = new Headers();
        h.add("Content-Type", "application/vnd.amazon.eventstream");
        h.add("X-Amz-Executed-Version", executedVersion != null ? executedVersion : fn.version());
        h.add("x-amzn-RequestId", requestId);
        OutputStream out = target.start(200, h);
        ResponseStream chunks = new ResponseStream() {
          @Override
          public void begin(String contentType) {}

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(EventStream.event("PayloadChunk", "application/octet-stream", java.util.Arrays.copyOfRange(b, off, off + len)));
            out.flush();
          }

          @Override
          public void end(String errorType, byte[] errorBody) {}
        };
        Invocation inv = fn.invoke(ir, chunks);
        ObjectNode done = JsonNodeFactory.instance.objectNode();
        if (inv.failed()) {
          // ErrorCode: the error type; ErrorDetails: the error document the runtime sent (the JSON an
          // Invoke caller gets as its payload), as AWS's runtime interface emulator carries a
          // runtime's error (ErrorType, ErrorDetails = the /error body or the decoded
          // Lambda-Runtime-Function-Error-Body trailer); AWS does not document these two fields further
          inv.error().ifPresent(e -> done.put("ErrorCode", e.errorType()).put("ErrorDetails", e.rawBody()));
        } else if (inv.payload().length > 0) {
          out.write(EventStream.event("PayloadChunk", "application/octet-stream", inv.payload()));
        }
        if (tail) {
          done.put("LogResult", Base64.getEncoder().encodeToString(inv.logTail()));
        }
        out.write(EventStream.event("InvokeComplete", "application/json", done.toString().getBytes(StandardCharsets.UTF_8)));
        out.flush();
      } finally {
        closeQuietly(owned);
      }
    });
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception e) {
        // nothing to do
      }
    }
  }

  private HttpResponse invoke(
      HttpRequest r,
      LocalFunction fn,
      Optional<String> qualifier,
      boolean resolved,
      String executedVersion,
      String requestId) {
    if (r.bodyTooLarge()) {
      throw new RequestTooLargeException(
          "Request must be smaller than " + LocalFunction.MAX_REQUEST_BYTES + " bytes for the InvokeFunction operation");
    }
    InvokeRequest base = InvokeRequest.of(r.body()).withRequestId(requestId);
    InvokeRequest ir =
        resolved ? base.withResolvedQualifier(qualifier.orElse(null)) : base.withQualifier(qualifier.orElse(null));
    Optional<String> cc = r.headers().first("X-Amz-Client-Context");
    if (cc.isPresent()) {
      ir = ir.withClientContext(cc.get());
    }
    String type = r.headers().first("X-Amz-Invocation-Type").orElse("RequestResponse");
    switch (type) {
      case "DryRun" -> {
        fn.validateOnly(ir);
        return HttpResponse.empty(204);
      }
      case "Event" -> {
        fn.invokeAsync(ir);
        return HttpResponse.empty(202);
      }
      case "RequestResponse" -> {
        Invocation inv = fn.invoke(ir);
        HttpResponse resp =
            new HttpResponse(200, inv.payload())
                .header("Content-Type", "application/json")
                .header("X-Amz-Executed-Version", executedVersion != null ? executedVersion : inv.executedVersion());
        if (inv.failed()) {
          resp.header("X-Amz-Function-Error", "Unhandled");
        }
        if (r.headers().first("X-Amz-Log-Type").map(t -> t.equals("Tail")).orElse(false)) {
          resp.header("X-Amz-Log-Result", Base64.getEncoder().encodeToString(inv.logTail()));
        }
        return resp;
      }
      default -> throw new LambdaServiceException(
          400, "InvalidParameterValueException",
          "X-Amz-Invocation-Type is '" + type + "'; it must be RequestResponse, Event or DryRun");
    }
  }

  private String region() {
    if (plane != null) {
      return plane.region();
    }
    return functions.values().stream().findFirst().map(f -> f.id().region()).orElse(FunctionId.DEFAULT_REGION);
  }
}
