package io.github.shelllambda.runtime.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Linux processes by session, read from /proc. Every execution environment's bootstrap is started
 * as a session leader (setsid), so its session holds the whole process tree, including children
 * that were re-parented after their parent exited. Not thread-safe: one sampler thread owns it;
 * {@link #sessionMembers(long)} is static for the killers.
 */
public final class ProcessTable {
  private static final Path PROC = Path.of("/proc");
  private static final long PAGE = 4096;

  /** pid -> session, for every pid seen (stat is read once per pid). */
  private final Map<Long, Long> sessionOf = new HashMap<>();

  /** Sum of resident memory per session, for the given sessions, in bytes. */
  public Map<Long, Long> residentBySession(Set<Long> sessions) {
    Map<Long, Long> out = new HashMap<>();
    Set<Long> alive = new HashSet<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(PROC)) {
      for (Path p : ds) {
        long pid = pidOf(p);
        if (pid < 0) {
          continue;
        }
        alive.add(pid);
        // A tracked leader may have been seen before it called setsid(): never trust the cache for it.
        Long sid = sessions.contains(pid) ? Long.valueOf(pid) : sessionOf.get(pid);
        if (sid == null) {
          Optional<Long> s = session(pid);
          if (s.isEmpty()) {
            continue;
          }
          sid = s.get();
          sessionOf.put(pid, sid);
        }
        if (sessions.contains(sid)) {
          long rss = rss(pid);
          out.merge(sid, rss, Long::sum);
        }
      }
    } catch (IOException e) {
      return out;
    }
    sessionOf.keySet().retainAll(alive);
    return out;
  }

  /** The pids whose session is {@code sid} right now. */
  public static List<Long> sessionMembers(long sid) {
    List<Long> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(PROC)) {
      for (Path p : ds) {
        long pid = pidOf(p);
        if (pid > 0 && session(pid).map(s -> s == sid).orElse(false)) {
          out.add(pid);
        }
      }
    } catch (IOException e) {
      // /proc unreadable: nothing found
    }
    return out;
  }

  /**
   * Kills every process of session {@code sid} (SIGKILL), repeating while members remain (a
   * process may fork while we kill).
   */
  public static void killSession(long sid) {
    for (int round = 0; round < 50; round++) {
      List<Long> members = sessionMembers(sid);
      if (members.isEmpty()) {
        return;
      }
      for (long pid : members) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
      try {
        Thread.sleep(round < 5 ? 1 : 10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static long pidOf(Path p) {
    String n = p.getFileName().toString();
    if (n.isEmpty() || n.charAt(0) < '0' || n.charAt(0) > '9') {
      return -1;
    }
    try {
      return Long.parseLong(n);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Session id from /proc/pid/stat (field 6; the command name in field 2 may hold spaces). */
  static Optional<Long> session(long pid) {
    try {
      String s = Files.readString(PROC.resolve(pid + "/stat"), StandardCharsets.ISO_8859_1);
      int close = s.lastIndexOf(')');
      if (close < 0) {
        return Optional.empty();
      }
      String[] f = s.substring(close + 2).split(" ");
      // f[0]=state f[1]=ppid f[2]=pgrp f[3]=session; a zombie has no memory and no future
      if (f[0].equals("Z")) {
        return Optional.empty();
      }
      return Optional.of(Long.parseLong(f[3]));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static long rss(long pid) {
    try {
      String s = Files.readString(PROC.resolve(pid + "/statm"), StandardCharsets.ISO_8859_1);
      int a = s.indexOf(' ');
      int b = s.indexOf(' ', a + 1);
      return Long.parseLong(s.substring(a + 1, b)) * PAGE;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
