package io.github.shelllambda.plugin.layers;

import io.github.shelllambda.plugin.function.PomParameter;

/**
 * How the user sets the jq source, for messages: the nested element and the flat override. The
 * Mojo passes them from {@code ShellLambdaProperties}; core code never spells them itself.
 */
public record JqParameters(PomParameter jq, PomParameter jqFile) {

  /** Words without parameter names, for callers that are not the plugin's goals (tests, embedders). */
  public static final JqParameters NEUTRAL =
      new JqParameters(new PomParameter("jq source", null), new PomParameter("local jq file", null));

  /** {@code <jq><url>}. */
  public String child(String name) {
    return "<" + jq.element() + "><" + name + ">";
  }

  /** How to use a local binary instead: {@code -Dshell-lambda.jq.file=PATH}. */
  public String useLocalFile() {
    return jqFile.assignment("PATH");
  }
}
