package io.veille.deploy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ingest, streams and alerting talk only through Kafka topics typed in common: none of them may
 * import another, and common imports none of them (DESIGN.md, "Modules").
 */
class ModuleBoundariesTest {
  static JavaClasses classes;

  @BeforeAll
  static void importProductionClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.veille");
  }

  private static void check(String module, String... others) {
    String[] packages = java.util.Arrays.stream(others).map(o -> "io.veille." + o + "..").toArray(String[]::new);
    ArchRule rule = noClasses().that().resideInAPackage("io.veille." + module + "..")
        .should().dependOnClassesThat().resideInAnyPackage(packages)
        .because(module + " talks to the other services only through Kafka topics typed in common")
        // a module with no classes yet (alerting) passes; theRulesSeeTheModules guards against importing nothing
        .allowEmptyShould(true);
    rule.check(classes);
  }

  @Test
  void ingestDependsOnCommonOnly() {
    check("ingest", "streams", "alerting", "deploy");
  }

  @Test
  void streamsDependsOnCommonOnly() {
    check("streams", "ingest", "alerting", "deploy");
  }

  @Test
  void alertingDependsOnCommonOnly() {
    check("alerting", "ingest", "streams", "deploy");
  }

  @Test
  void commonDependsOnNoService() {
    check("common", "ingest", "streams", "alerting", "deploy");
  }

  @Test
  void theServicesDoNotCarryTheBroker() {
    noClasses().that().resideInAnyPackage("io.veille.ingest..", "io.veille.streams..", "io.veille.alerting..")
        .should().dependOnClassesThat().resideInAnyPackage("kafka.server..", "kafka.tools..", "io.veille.common.kafka.EmbeddedKafka")
        .because("the embedded broker is for the demo and the tests; services connect to a cluster")
        .check(classes);
  }

  @Test
  void theRulesSeeTheModules() {
    // guard against a rule that passes because it imported nothing
    org.assertj.core.api.Assertions.assertThat(classes.stream().map(c -> c.getPackageName()))
        .anyMatch(p -> p.startsWith("io.veille.ingest"))
        .anyMatch(p -> p.startsWith("io.veille.common"))
        .anyMatch(p -> p.startsWith("io.veille.deploy"));
  }
}
