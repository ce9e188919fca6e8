package io.github.shelllambda.runtime.env;

import java.io.Closeable;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Samples the resident memory of every busy environment's process tree at {@value #HZ} Hz (one
 * thread per function, asleep while nothing runs), and drains their output every 50 ms so the log
 * sink sees lines as they happen.
 */
public final class MemorySampler implements Closeable {
  public static final int HZ = 100;

  /** What the sampler watches: a session and where to put the peak. */
  public interface Watched {
    /** The session id (bootstrap pid), or -1 when no process runs. */
    long session();

    void observe(long residentBytes);

    /** Called every 50 ms while watched. */
    void drainOutput();
  }

  private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
  private final ProcessTable table = new ProcessTable();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition busy = lock.newCondition();
  private final Thread thread;
  private volatile boolean closed;

  public MemorySampler(String name) {
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  public void watch(Watched w) {
    watched.add(w);
    lock.lock();
    try {
      busy.signalAll();
    } finally {
      lock.unlock();
    }
  }

  public void unwatch(Watched w) {
    watched.remove(w);
  }

  /** Takes one sample now, on the caller's thread (start and end of a phase). */
  public void sampleNow(Watched w) {
    long sid = w.session();
    if (sid > 0) {
      Map<Long, Long> m;
      synchronized (table) {
        m = table.residentBySession(Set.of(sid));
      }
      w.observe(m.getOrDefault(sid, 0L));
    }
  }

  private void run() {
    long tick = 0;
    long periodNanos = TimeUnit.SECONDS.toNanos(1) / HZ;
    while (!closed) {
      if (watched.isEmpty()) {
        lock.lock();
        try {
          while (watched.isEmpty() && !closed) {
            busy.await(1, TimeUnit.SECONDS);
          }
        } catch (InterruptedException e) {
          return;
        } finally {
          lock.unlock();
        }
        continue;
      }
      long start = System.nanoTime();
      Set<Long> sessions = new HashSet<>();
      for (Watched w : watched) {
        long s = w.session();
        if (s > 0) {
          sessions.add(s);
        }
      }
      Map<Long, Long> rss;
      synchronized (table) {
        rss = table.residentBySession(sessions);
      }
      for (Watched w : watched) {
        Long r = rss.get(w.session());
        if (r != null) {
          w.observe(r);
        }
      }
      if (++tick % (HZ / 20) == 0) {
        for (Watched w : watched) {
          w.drainOutput();
        }
      }
      long sleep = periodNanos - (System.nanoTime() - start);
      if (sleep > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(sleep);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
