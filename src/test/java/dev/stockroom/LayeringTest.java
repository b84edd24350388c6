package dev.stockroom;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering rules the code is held to, checked on its compiled classes: packages import each
 * other in one direction only, storage never touches JSON, and the core never touches HTTP.
 */
class LayeringTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.stockroom");
  }

  @Test
  void no_two_packages_import_each_other() {
    slices().matching("dev.stockroom.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void stores_do_not_import_the_json_code() {
    noClasses()
        .that()
        .haveSimpleNameEndingWith("Store")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.fasterxml.jackson..", "dev.stockroom.json..")
        .because("stores return data; the JSON code alone turns it into bytes")
        .check(classes);
  }

  @Test
  void the_core_does_not_know_http() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.stockroom.http..", "dev.stockroom")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.stockroom.http..", "io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..")
        .because("the dispatcher runs calls without a server")
        .check(classes);
  }
}
