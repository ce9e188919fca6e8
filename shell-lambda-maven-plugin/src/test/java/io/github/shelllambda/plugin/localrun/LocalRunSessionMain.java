package io.github.shelllambda.plugin.localrun;

import io.github.shelllambda.plugin.ShellLambdaProperties;
import io.github.shelllambda.runtime.function.FunctionConfiguration;
import io.github.shelllambda.plugin.function.LocalFunctionSpec;
import io.github.shelllambda.plugin.packaging.BuildLog;
import io.github.shelllambda.runtime.function.Architecture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run goal's core in a JVM of its own, for {@link LocalRunSessionSignalTest}: serves a function
 * zip until the JVM is stopped. Every log call prints its line and then throws, as Maven's console
 * layer did at shutdown (jansi's {@code NumberFormatException}), so the test shows that no log call
 * can skip the cleanup.
 *
 * <p>Arguments: function zip, work folder, source folder, and the value of the function's {@code
 * PID_FILE} variable.
 */
public final class LocalRunSessionMain {
  private LocalRunSessionMain() {}

  public static void main(String[] args) throws Exception {
    LocalFunctionSpec spec = new LocalFunctionSpec(FunctionConfiguration.builder("bg-fn")
        .architecture(Architecture.host().orElseThrow()).timeoutSeconds(30).environment(Map.of("PID_FILE", args[3]))
        .build(), Path.of(args[0]), List.of(), Map.of(), false, 1);
    BuildLog failing = new BuildLog() {
      @Override
      public void info(String message) {
        System.out.println("[INFO] " + message);
        System.out.flush();
        throw new NumberFormatException("For input string: \"0m\"");
      }

      @Override
      public void warn(String message) {
        System.out.println("[WARN] " + message);
        System.out.flush();
        throw new NumberFormatException("For input string: \"0m\"");
      }

      @Override
      public void debug(String message) {
        throw new NumberFormatException("For input string: \"0m\"");
      }
    };
    LocalRunSession.run(new LocalRunSession.Request(LocalRunSession.Settings.of(0, 1, ShellLambdaProperties.PORT_PARAMETER, ShellLambdaProperties.CONCURRENCY_PARAMETER), spec, Path.of(args[1]),
        Optional.empty(), Path.of(args[2]), Optional.empty(), null, Optional.empty()), failing);
  }
}
