package io.github.shelllambda.plugin.localtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.shelllambda.runtime.function.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JUnitReportWriterTest {
  @TempDir Path dir;

  @Test
  void writesSurefireFormatThatParsesBack() throws Exception {
    Report rf = new Report("1", 3.2, 15, 128, 20, OptionalDouble.of(11.5), false, Optional.empty());
    List<CaseResult> results = List.of(
        new CaseResult("hello", 12.4, List.of(), "START RequestId: 1\nEND\n", Optional.of(rf)),
        new CaseResult("sub/broken", 1500, List.of("response differs (subset match):\n  $.a: expected 1 but was 2 ]]> <&>", "second"),
            "log with \u0001 control char and ]]> marker", Optional.empty()));
    Map<String, String> props = new LinkedHashMap<>();
    props.put("shell-lambda.architecture", "x86_64");
    Path f = JUnitReportWriter.write(dir.resolve("target/shell-lambda-reports"), "shell-lambda.my-fn", results, props);
    assertThat(f.getFileName().toString()).isEqualTo("TEST-shell-lambda.my-fn.xml");
    String text = Files.readString(f);
    assertThat(text).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    assertThat(text).contains("surefire-test-report.xsd");

    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f.toFile());
    Element suite = doc.getDocumentElement();
    assertThat(suite.getTagName()).isEqualTo("testsuite");
    assertThat(suite.getAttribute("name")).isEqualTo("shell-lambda.my-fn");
    assertThat(suite.getAttribute("tests")).isEqualTo("2");
    assertThat(suite.getAttribute("failures")).isEqualTo("1");
    assertThat(suite.getAttribute("errors")).isEqualTo("0");
    assertThat(suite.getAttribute("skipped")).isEqualTo("0");
    assertThat(suite.getAttribute("time")).isEqualTo("1.512");
    Element prop = (Element) suite.getElementsByTagName("property").item(0);
    assertThat(prop.getAttribute("name")).isEqualTo("shell-lambda.architecture");
    NodeList cases = suite.getElementsByTagName("testcase");
    assertThat(cases.getLength()).isEqualTo(2);
    Element ok = (Element) cases.item(0);
    assertThat(ok.getAttribute("name")).isEqualTo("hello");
    assertThat(ok.getAttribute("classname")).isEqualTo("shell-lambda.my-fn");
    assertThat(ok.getAttribute("time")).isEqualTo("0.012");
    assertThat(ok.getElementsByTagName("failure").getLength()).isZero();
    assertThat(ok.getElementsByTagName("system-out").item(0).getTextContent()).isEqualTo("START RequestId: 1\nEND\n");
    Element bad = (Element) cases.item(1);
    Element failure = (Element) bad.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message")).isEqualTo("response differs (subset match):");
    assertThat(failure.getTextContent()).isEqualTo("response differs (subset match):\n  $.a: expected 1 but was 2 ]]> <&>\nsecond");
    assertThat(bad.getElementsByTagName("system-out").item(0).getTextContent())
        .isEqualTo("log with \uFFFD control char and ]]> marker");
  }
}
