package io.github.shelllambda.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The reactor's version rule: every dependency, plugin and build extension version is pinned
 * once, in the root POM; the four module POMs declare none (a {@code ${property}} defined in the
 * root is fine). POMs inside archetype resources and it/ projects are outside the rule.
 */
class ReactorPomRulesTest {

  static final List<String> MODULES =
      List.of("shell-lambda-runtime", "shell-lambda-maven-plugin", "archetype", "it");

  static Path root() {
    String prop = System.getProperty("reactor.root");
    Path p = prop != null ? Path.of(prop) : Path.of("..");
    return p.toAbsolutePath().normalize();
  }

  @Test
  void moduleListMatchesTheRule() throws Exception {
    Document rootPom = parse(root().resolve("pom.xml"));
    List<String> modules = new ArrayList<>();
    NodeList nodes = rootPom.getElementsByTagName("module");
    for (int i = 0; i < nodes.getLength(); i++) {
      modules.add(nodes.item(i).getTextContent().trim());
    }
    assertThat(modules).containsExactlyElementsOf(MODULES);
  }

  @Test
  void modulePomsDeclareNoLiteralVersions() throws Exception {
    Set<String> rootProperties = properties(parse(root().resolve("pom.xml")));
    List<String> violations = new ArrayList<>();
    for (String module : MODULES) {
      violations.addAll(violations(root().resolve(module).resolve("pom.xml"), rootProperties));
    }
    assertThat(violations).as("literal versions in module POMs; pin them in the root pom.xml").isEmpty();
  }

  @Test
  void ruleCatchesALiteralDependencyPluginAndExtensionVersion(@TempDir Path dir) throws Exception {
    Path pom = dir.resolve("pom.xml");
    Files.writeString(
        pom,
        """
        <project>
          <parent><groupId>g</groupId><artifactId>p</artifactId><version>1</version></parent>
          <dependencies>
            <dependency><groupId>a</groupId><artifactId>b</artifactId><version>1.2.3</version></dependency>
            <dependency><groupId>a</groupId><artifactId>c</artifactId><version>${defined.in.root}</version></dependency>
            <dependency><groupId>a</groupId><artifactId>d</artifactId><version>${not.in.root}</version></dependency>
          </dependencies>
          <build>
            <extensions><extension><groupId>x</groupId><artifactId>y</artifactId><version>2</version></extension></extensions>
            <plugins><plugin><artifactId>maven-foo-plugin</artifactId><version>3.0</version></plugin></plugins>
          </build>
        </project>
        """);
    List<String> found = violations(pom, Set.of("defined.in.root"));
    assertThat(found).hasSize(4);
    assertThat(String.join("\n", found))
        .contains("dependency a:b declares version '1.2.3'")
        .contains("dependency a:d declares version '${not.in.root}'")
        .contains("extension x:y")
        .contains("plugin maven-foo-plugin")
        .doesNotContain("a:c");
  }

  static List<String> violations(Path pom, Set<String> rootProperties) throws Exception {
    List<String> out = new ArrayList<>();
    Document doc = parse(pom);
    for (String kind : List.of("dependency", "plugin", "extension")) {
      NodeList nodes = doc.getElementsByTagName(kind);
      for (int i = 0; i < nodes.getLength(); i++) {
        Element e = (Element) nodes.item(i);
        String version = childText(e, "version");
        if (version == null || allowed(version, rootProperties)) {
          continue;
        }
        String group = childText(e, "groupId");
        String id = (group == null ? "" : group + ":") + childText(e, "artifactId");
        out.add(
            pom + ": " + kind + " " + id + " declares version '" + version
                + "'; move it to the root pom.xml (dependencyManagement / pluginManagement)");
      }
    }
    return out;
  }

  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

  static boolean allowed(String version, Set<String> rootProperties) {
    Matcher m = PROPERTY.matcher(version);
    if (!m.matches()) {
      return false;
    }
    String name = m.group(1);
    return rootProperties.contains(name) || name.equals("project.version");
  }

  static Set<String> properties(Document doc) {
    Set<String> names = new HashSet<>();
    NodeList props = doc.getElementsByTagName("properties");
    for (int i = 0; i < props.getLength(); i++) {
      if (!props.item(i).getParentNode().getNodeName().equals("project")) {
        continue;
      }
      NodeList children = props.item(i).getChildNodes();
      for (int j = 0; j < children.getLength(); j++) {
        if (children.item(j).getNodeType() == Node.ELEMENT_NODE) {
          names.add(children.item(j).getNodeName());
        }
      }
    }
    return names;
  }

  static String childText(Element e, String name) {
    NodeList children = e.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i).getNodeName().equals(name)) {
        return children.item(i).getTextContent().trim();
      }
    }
    return null;
  }

  static Document parse(Path pom) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(pom.toFile());
  }
}
