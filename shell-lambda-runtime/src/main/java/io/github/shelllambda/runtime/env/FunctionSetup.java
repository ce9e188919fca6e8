package io.github.shelllambda.runtime.env;

import io.github.shelllambda.runtime.function.Architecture;
import io.github.shelllambda.runtime.bootstrap.BundledBootstrap;
import io.github.shelllambda.runtime.function.FunctionId;
import io.github.shelllambda.runtime.function.LogSink;
import io.github.shelllambda.runtime.elf.ElfInfo;
import io.github.shelllambda.runtime.elf.WrongArchitectureException;
import io.github.shelllambda.runtime.function.FunctionConfiguration;
import io.github.shelllambda.runtime.zip.ZipExtractor;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Prepares a function's files the way Lambda lays them out: the function zip as the task root
 * ({@code /var/task}), the layers extracted in order into the {@code /opt} folder (a later layer
 * overwrites an earlier one), the bootstrap chosen ({@code /var/task/bootstrap} before {@code
 * /opt/bootstrap}), PATH in Lambda's order with the system part limited to provided.al2023's
 * commands, and for a function of the other architecture, qemu-user or stand-ins.
 */
public final class FunctionSetup {

  /**
   * What the caller configured: the function's configuration (validated), and what only a local
   * run has.
   *
   * @param version the version the function runs as: {@code $LATEST} or a published version's
   *     number, as Lambda tells a version's execution environment ({@code
   *     AWS_LAMBDA_FUNCTION_VERSION}, the START line)
   * @param region the region the function believes it is in ({@code AWS_REGION})
   * @param functionZip the function zip, or null when {@code taskDirectory} is given
   * @param layers the layer zips, in the order Lambda applies them
   * @param localCredentials AWS credential variables handed over on purpose (never part of a
   *     configuration: Lambda reserves them); only {@link FunctionConfiguration#CREDENTIAL_VARIABLES}
   */
  public record Request(
      FunctionConfiguration configuration,
      String version,
      String region,
      Path functionZip,
      Path taskDirectory,
      List<Path> layers,
      Duration initTimeout,
      Map<String, String> localCredentials,
      boolean hostPath,
      LogSink sink,
      Path workDirectory,
      String emulatorSearchPath) {

    public Request {
      Objects.requireNonNull(configuration, "configuration");
      if (!FunctionId.isVersion(version)) {
        throw new IllegalArgumentException("version '" + version + "' is not a Lambda function version: give $LATEST"
            + " or a published version's number (1, 2, ...); an alias is not a version, give the version it points to");
      }
      layers = List.copyOf(layers);
      localCredentials = Map.copyOf(localCredentials);
      for (String name : localCredentials.keySet()) {
        if (!FunctionConfiguration.CREDENTIAL_VARIABLES.contains(name)) {
          throw new IllegalArgumentException("local credentials hold only "
              + new TreeSet<>(FunctionConfiguration.CREDENTIAL_VARIABLES) + ", not " + name
              + "; a function's own variables belong in its configuration's environment");
        }
      }
    }

    /** Never prints the credentials' values. */
    @Override
    public String toString() {
      return "Request[" + configuration + ", version " + version + ", " + region + ", credentials " + localCredentials.keySet() + "]";
    }
  }

  private FunctionSetup() {}

  public static EnvironmentSpec prepare(Request r) throws IOException {
    Architecture host =
        Architecture.host()
            .orElseThrow(
                () ->
                    new UnsupportedHostException(
                        "shell-lambda runs functions locally on Linux x86_64 or arm64 only, and this host is "
                            + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                            + ": no bundled bootstrap can run here (run the tests on a Linux machine or CI runner)"));
    LogSink sink = r.sink();
    Path work = r.workDirectory();
    Path task;
    if (r.functionZip() != null) {
      task = work.resolve("task");
      ZipExtractor.extract(r.functionZip(), task);
    } else {
      task = r.taskDirectory().toAbsolutePath().normalize();
      if (!Files.isDirectory(task)) {
        throw new IOException("the task directory " + task + " does not exist or is not a folder");
      }
    }
    Path opt = work.resolve("opt");
    Files.createDirectories(opt);
    for (Path layer : r.layers()) {
      ZipExtractor.extract(layer, opt);
    }
    Path runtimeDir = Files.createDirectories(work.resolve("runtime"));

    // The bootstrap: the function's own first, then a layer's (Lambda's order).
    Path bootstrap = null;
    for (Path candidate : List.of(task.resolve("bootstrap"), opt.resolve("bootstrap"))) {
      if (Files.isRegularFile(candidate)) {
        bootstrap = candidate;
        break;
      }
    }
    List<String> command = null;
    String problem = null;
    boolean emulated = false;
    FunctionConfiguration config = r.configuration();
    Architecture arch = config.architecture();
    Optional<Path> qemu =
        Emulation.qemu(arch, r.emulatorSearchPath() != null ? r.emulatorSearchPath() : System.getenv("PATH"));
    if (bootstrap == null) {
      problem =
          "Couldn't find valid bootstrap(s): [" + task.resolve("bootstrap") + " " + opt.resolve("bootstrap")
              + "]: put a bootstrap in the function zip or add the bootstrap layer";
      sink.warning("no bootstrap in the function zip nor in a layer: every invocation fails with Runtime.InvalidEntrypoint");
    } else {
      command = new ArrayList<>();
      if (ElfInfo.read(bootstrap).elf()) {
        try {
          ElfInfo.requireArchitecture(bootstrap, arch, "the bootstrap");
          if (arch == host) {
            command.add(bootstrap.toString());
          } else if (qemu.isPresent()) {
            command.add(qemu.get().toString());
            command.add(bootstrap.toString());
            emulated = true;
          } else {
            Path standIn = BundledBootstrap.writeTo(host, work.resolve("stand-in/bootstrap"));
            command.add(standIn.toString());
            sink.warning(
                "the function is " + arch + " and this host has no qemu-" + arch.linuxMachine()
                    + ": the bundled linux-" + host + " bootstrap stands in for " + bootstrap
                    + " (install qemu-user to run the function's own: sudo apt-get install qemu-user)");
          }
        } catch (WrongArchitectureException e) {
          problem = e.getMessage(); // an init error on every invocation, as Lambda reports it
          command = null;
        }
      } else {
        command.add(bootstrap.toString()); // a script: its interpreter is a host command
      }
      Optional<Path> setsid = hostCommand("setsid");
      if (command != null && setsid.isPresent()) {
        command.add(0, setsid.get().toString());
      }
    }

    // PATH: the system part, then the layers' bin (through wrappers when foreign).
    List<Path> layerBins = new ArrayList<>();
    Path optBin = opt.resolve("bin");
    layerBins.add(arch == host ? optBin : foreignLayerBin(optBin, work.resolve("layer-bin"), arch, qemu, sink));
    CommandInventory inventory = CommandInventory.load();
    String systemPath;
    if (r.hostPath()) {
      systemPath = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/bin:/usr/bin:/bin");
    } else {
      systemPath = linkSystemCommands(inventory, work.resolve("system/bin"), sink).toString();
    }
    StringBuilder path = new StringBuilder(systemPath);
    for (Path p : layerBins) {
      path.append(File.pathSeparator).append(p);
    }

    Map<String, String> env = new LinkedHashMap<>();
    FunctionId id = FunctionId.local(config.functionName(), r.region());
    env.put("PATH", path.toString());
    env.put("LD_LIBRARY_PATH", libraryPath(task, opt));
    env.put("LANG", "en_US.UTF-8");
    env.put("TZ", ":UTC");
    env.put("_HANDLER", config.handler());
    env.put("LAMBDA_TASK_ROOT", task.toString());
    env.put("LAMBDA_RUNTIME_DIR", runtimeDir.toString());
    env.put("AWS_REGION", id.region());
    env.put("AWS_DEFAULT_REGION", id.region());
    env.put("AWS_LAMBDA_FUNCTION_NAME", id.name());
    env.put("AWS_LAMBDA_FUNCTION_VERSION", r.version());
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(config.memorySizeMb()));
    env.put("AWS_LAMBDA_LOG_GROUP_NAME", id.logGroupName());
    env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
    env.putAll(loggingVariables(config.logging()));
    env.putAll(config.environment());
    env.putAll(r.localCredentials());
    return new EnvironmentSpec(
        id, r.version(), config, r.initTimeout(), task, opt, work, command, problem, emulated, Map.copyOf(env),
        List.copyOf(layerBins), r.hostPath(), inventory, sink);
  }

  /**
   * The variables Lambda's advanced logging controls set: {@code AWS_LAMBDA_LOG_FORMAT} ({@code Text}
   * or {@code JSON}) always, and with JSON {@code AWS_LAMBDA_LOG_LEVEL}, the application log level
   * ({@code INFO}, Lambda's default, when none is configured).
   */
  static Map<String, String> loggingVariables(FunctionConfiguration.Logging logging) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_LAMBDA_LOG_FORMAT", logging.logFormat());
    if ("JSON".equals(logging.logFormat())) {
      env.put("AWS_LAMBDA_LOG_LEVEL", Optional.ofNullable(logging.applicationLogLevel())
          .map(l -> l.toUpperCase(java.util.Locale.ROOT)).orElse("INFO"));
    }
    return env;
  }

  /** Links the inventory's commands to the host's; warns once about those the host lacks. */
  static Path linkSystemCommands(CommandInventory inventory, Path dir, LogSink sink) throws IOException {
    Files.createDirectories(dir);
    Map<String, String> missing = new TreeMap<>();
    for (CommandInventory.Command c : inventory.commands()) {
      Optional<Path> target = hostCommand(c.hostCommand());
      if (target.isEmpty()) {
        missing.put(c.name(), c.debianPackage());
        continue;
      }
      Path link = dir.resolve(c.name());
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, target.get());
    }
    if (!missing.isEmpty()) {
      StringBuilder sb = new StringBuilder("provided.al2023 has commands this host lacks, so handlers using them fail locally: ");
      missing.forEach((cmd, pkg) -> sb.append(cmd).append(" (Debian package ").append(pkg).append("), "));
      sb.setLength(sb.length() - 2);
      sb.append("; install them: sudo apt-get install ").append(String.join(" ", new java.util.TreeSet<>(missing.values())));
      sink.warning(sb.toString());
    }
    return dir;
  }

  /**
   * A folder standing for a foreign-architecture layer's bin: foreign executables run through a
   * qemu wrapper, or the host's same-named tool stands in; everything else is linked as it is.
   */
  static Path foreignLayerBin(Path optBin, Path dir, Architecture arch, Optional<Path> qemu, LogSink sink)
      throws IOException {
    Files.createDirectories(dir);
    if (!Files.isDirectory(optBin)) {
      return dir;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(optBin)) {
      for (Path exe : ds) {
        String name = exe.getFileName().toString();
        Path target = dir.resolve(name);
        Files.deleteIfExists(target);
        ElfInfo elf = Files.isRegularFile(exe) ? ElfInfo.read(exe) : new ElfInfo(false, 0, 0, false, null);
        boolean foreign = elf.elf() && !elf.isFor(Architecture.host().orElse(null));
        if (!foreign) {
          Files.createSymbolicLink(target, exe);
        } else if (qemu.isPresent()) {
          script(target, "exec '" + qemu.get() + "' '" + exe + "' \"$@\"");
        } else {
          Optional<Path> standIn = hostCommand(name);
          if (standIn.isPresent()) {
            Files.createSymbolicLink(target, standIn.get());
            sink.warning(
                "layer executable " + exe + " is linux-" + arch + " and this host has no qemu-" + arch.linuxMachine()
                    + ": the host's " + standIn.get() + " stands in for it (install qemu-user to run the layer's own)");
          } else {
            script(
                target,
                "echo \"shell-lambda: $0 is a linux-" + arch + " executable from a layer and cannot run on this host;"
                    + " install qemu-user (sudo apt-get install qemu-user) or a host '" + name + "' to stand in\" >&2\nexit 126");
            sink.warning(
                "layer executable " + exe + " is linux-" + arch + ", this host has no qemu-" + arch.linuxMachine()
                    + " and no '" + name + "' to stand in: calls to it fail; install qemu-user (sudo apt-get install qemu-user)");
          }
        }
      }
    }
    return dir;
  }

  private static void script(Path target, String body) throws IOException {
    Files.writeString(target, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Lambda's order: the system's libraries first, then the task's and the layers'. */
  static String libraryPath(Path task, Path opt) {
    List<String> parts = new ArrayList<>();
    String multiarch = Architecture.host().map(a -> a.linuxMachine() + "-linux-gnu").orElse("");
    for (String d : List.of("/lib/" + multiarch, "/usr/lib/" + multiarch, "/lib64", "/usr/lib64")) {
      if (Files.isDirectory(Path.of(d))) {
        parts.add(d);
      }
    }
    parts.add(task.toString());
    parts.add(task.resolve("lib").toString());
    parts.add(opt.resolve("lib").toString());
    return String.join(File.pathSeparator, parts);
  }

  /** A command on the host's PATH. */
  public static Optional<Path> hostCommand(String name) {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/bin:/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p) && !Files.isDirectory(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
