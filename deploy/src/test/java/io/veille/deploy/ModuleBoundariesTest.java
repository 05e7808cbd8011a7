package io.veille.deploy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import io.veille.common.kafka.EmbeddedKafka;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.Slices;
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

  private static ArchRule moduleRule(String module, String... others) {
    String[] packages = java.util.Arrays.stream(others).map(o -> "io.veille." + o + "..").toArray(String[]::new);
    return noClasses().that().resideInAPackage("io.veille." + module + "..")
        .should().dependOnClassesThat().resideInAnyPackage(packages)
        .because(module + " talks to the other services only through Kafka topics typed in common")
        // a module with no classes yet (alerting) passes; theRulesSeeTheModules guards against importing nothing
        .allowEmptyShould(true);
  }

  private static void check(String module, String... others) {
    moduleRule(module, others).check(classes);
  }

  /** The broker's classes: Kafka's server and tools packages, and our embedded broker (a class, not a package). */
  private static final DescribedPredicate<JavaClass> BROKER =
      JavaClass.Predicates.resideInAnyPackage("kafka.server..", "kafka.tools..")
          .or(JavaClass.Predicates.equivalentTo(EmbeddedKafka.class))
          .as("the broker (kafka.server, kafka.tools, EmbeddedKafka)");

  private static ArchRule brokerRule(String... packages) {
    return noClasses().that().resideInAnyPackage(packages)
        .should().dependOnClassesThat(BROKER)
        .because("the embedded broker is for the demo and the tests; services connect to a cluster");
  }

  /** The packages directly under {@code root} (each with its subpackages) form no cycle. */
  private static ArchRule cycleFreeRule(String root) {
    return slices().matching(root + ".(*)..").should().beFreeOfCycles()
        .because("a connector package builds on spi, runtime, http and common; nothing builds on a connector package but the catalogue");
  }

  /** ingest's packages (spi, config, runtime, http, server, one per connector...) form no cycle. */
  static ArchRule ingestPackagesRule() {
    return cycleFreeRule("io.veille.ingest");
  }

  @Test
  void ingestPackagesHaveNoCycle() {
    ingestPackagesRule().check(classes);
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

  /** Jetty stays behind {@code io.veille.common.http}: the services write handlers against its Exchange. */
  static ArchRule jettyRule() {
    return noClasses().that().resideInAPackage("io.veille..").and().resideOutsideOfPackage("io.veille.common.http..")
        .should().dependOnClassesThat().resideInAPackage("org.eclipse.jetty..")
        .because("one HTTP server for every service: its bounds (timeouts, connection limits, body sizes) are set in one place");
  }

  @Test
  void onlyCommonHttpUsesJetty() {
    jettyRule().check(classes);
  }

  @Test
  void theServicesDoNotCarryTheBroker() {
    brokerRule("io.veille.ingest..", "io.veille.streams..", "io.veille.alerting..").check(classes);
  }

  @Test
  void theRulesFireOnARealViolation() {
    // deploy runs the demo on the embedded broker and wires the services together: the same rules,
    // pointed at it, must report it (a rule that matches nothing would pass silently)
    assertThat(brokerRule("io.veille.deploy..").evaluate(classes).getFailureReport().getDetails())
        .anyMatch(line -> line.contains("EmbeddedKafka"));
    assertThat(moduleRule("deploy", "ingest").evaluate(classes).hasViolation()).isTrue();
    // the Jetty rule fires on the one package allowed to break it, were it not excluded
    assertThat(noClasses().that().resideInAPackage("io.veille.common.http..")
        .should().dependOnClassesThat().resideInAPackage("org.eclipse.jetty..").evaluate(classes).hasViolation()).isTrue();
    // the cycle rule on two packages known to import each other (String takes a Locale, Locale hands out Strings)
    JavaClasses cyclic = new ClassFileImporter().importClasses(String.class, java.util.Locale.class);
    assertThat(cycleFreeRule("java").evaluate(cyclic).getFailureReport().getDetails())
        .anyMatch(line -> line.startsWith("Cycle detected") && line.contains("Slice lang") && line.contains("Slice util"));
    // and the slices the ingest rule cuts: a pattern that matched no package would pass silently too
    assertThat(Slices.matching("io.veille.ingest.(*)..").transform(classes))
        .extracting(slice -> slice.getNamePart(1)).contains("config", "spi", "runtime", "http", "rss", "mastodon");
  }

  @Test
  void theRulesSeeTheModules() {
    // guard against a rule that passes because it imported nothing
    assertThat(classes.stream().map(c -> c.getPackageName()))
        .anyMatch(p -> p.startsWith("io.veille.ingest"))
        .anyMatch(p -> p.startsWith("io.veille.common"))
        .anyMatch(p -> p.startsWith("io.veille.deploy"));
  }
}
