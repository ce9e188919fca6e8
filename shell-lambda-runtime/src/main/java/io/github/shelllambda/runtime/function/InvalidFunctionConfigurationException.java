package io.github.shelllambda.runtime.function;

import java.util.List;
import java.util.stream.Collectors;

/** A {@link FunctionConfiguration} Lambda would refuse; carries every problem found, not only the first. */
public final class InvalidFunctionConfigurationException extends IllegalArgumentException {
  private final transient List<ConfigurationProblem> problems;

  public InvalidFunctionConfigurationException(List<ConfigurationProblem> problems) {
    super(problems.stream().map(ConfigurationProblem::describe).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  public List<ConfigurationProblem> problems() {
    return problems;
  }
}
