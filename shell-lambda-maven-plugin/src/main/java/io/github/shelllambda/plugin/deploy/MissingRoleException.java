package io.github.shelllambda.plugin.deploy;

/** Creating a function needs an execution role, and none was given. */
public final class MissingRoleException extends Exception {
  /** The trust policy a Lambda execution role needs. */
  public static final String TRUST_POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
          + "\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

  /** The managed policy that lets a function write its logs. */
  public static final String BASIC_EXECUTION_POLICY =
      "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

  public MissingRoleException(String functionName) {
    super("the function " + functionName + " does not exist yet, and creating it needs an execution role ARN");
  }
}
