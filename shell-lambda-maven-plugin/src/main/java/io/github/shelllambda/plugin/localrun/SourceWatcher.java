package io.github.shelllambda.plugin.localrun;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Watches a source folder (recursively) and calls back once per burst of changes, after the
 * folder has been quiet for a moment: editors write a file in several steps, and one reload per
 * save is what the user wants.
 */
public final class SourceWatcher implements AutoCloseable {

  /** Called on the watcher's thread after a burst of changes. */
  @FunctionalInterface
  public interface Listener {
    void changed() throws Exception;
  }

  /** Where a failing reload is reported (the watcher keeps watching). */
  @FunctionalInterface
  public interface ErrorSink {
    void failed(Exception e);
  }

  private final Path root;
  private final WatchService watch;
  private final Thread thread;
  private final Duration quiet;

  private SourceWatcher(Path root, Duration quiet, Listener listener, ErrorSink errors)
      throws IOException {
    this.root = root;
    this.quiet = quiet;
    this.watch = FileSystems.getDefault().newWatchService();
    registerAll(root);
    this.thread = new Thread(() -> loop(listener, errors), "shell-lambda-watch");
    thread.setDaemon(true);
  }

  public static SourceWatcher start(Path root, Duration quiet, Listener listener, ErrorSink errors)
      throws IOException {
    SourceWatcher w = new SourceWatcher(root, quiet, listener, errors);
    w.thread.start();
    return w;
  }

  private void registerAll(Path dir) throws IOException {
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
        d.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private void loop(Listener listener, ErrorSink errors) {
    try {
      while (true) {
        WatchKey key = watch.take();
        boolean changed = drain(key);
        // Debounce: keep collecting until the folder has been quiet for `quiet`.
        WatchKey next;
        while ((next = watch.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
          changed |= drain(next);
        }
        if (changed) {
          try {
            listener.changed();
          } catch (Exception e) {
            errors.failed(e);
          }
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed: stop watching
    }
  }

  private boolean drain(WatchKey key) {
    Path dir = (Path) key.watchable();
    boolean any = false;
    for (var event : key.pollEvents()) {
      any = true;
      if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
        Path created = dir.resolve((Path) event.context());
        if (Files.isDirectory(created)) {
          try {
            registerAll(created);
          } catch (IOException ignored) {
            // the folder vanished again; nothing to watch
          }
        }
      }
    }
    key.reset();
    return any;
  }

  public Path root() {
    return root;
  }

  @Override
  public void close() throws IOException {
    watch.close();
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
