package io.interpreters4j.runtime;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.interpreters4j.InterpreterPool;
import io.interpreters4j.Interpreters;
import io.interpreters4j.channels.RendezvousChannel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.jar.JarFile;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Keeps the layering of docs/architecture.md true: each rule fails the build on a new dependency
 * that goes the wrong way or closes a cycle. Reads the compiled main classes of the API, the
 * channel engine, the pool and the runtime (not the tests).
 *
 * <pre>
 *   runtime                 front doors: GraalPyProvider (Java), Bridge (Python), Launcher (command),
 *     |                     PythonRuntime (puts the parts together), ChannelSupport, FunctionTable
 *     v
 *   runtime.interpreter     interpreters: callers' side, owner threads, requests, spares, engine
 *     v
 *   runtime.data            the Java-Python message format and shareable data
 *     v
 *   channels  -->  api (io.interpreters4j, .spi)  -->  JDK
 *
 *   pool (InterpreterPool, in package io.interpreters4j)  -->  api
 * </pre>
 */
class LayeringTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() throws Exception {
        // The four modules' own class folders or jars: scanning the whole class path for the
        // packages would open GraalPy's jars too, for nothing.
        List<Location> modules = new ArrayList<>();
        for (Class<?> c : List.of(Interpreters.class, RendezvousChannel.class, InterpreterPool.class, PythonRuntime.class)) {
            Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            modules.add(Files.isDirectory(p) ? Location.of(p) : Location.of(new JarFile(p.toFile())));
        }
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importLocations(modules);
    }

    @Test
    void layersDependOnlyDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("api").definedBy("io.interpreters4j", "io.interpreters4j.spi")
                .layer("channels").definedBy("io.interpreters4j.channels..")
                .layer("runtime").definedBy("io.interpreters4j.runtime")
                .layer("interpreters").definedBy("io.interpreters4j.runtime.interpreter..")
                .layer("data").definedBy("io.interpreters4j.runtime.data..")
                .whereLayer("runtime").mayNotBeAccessedByAnyLayer()
                .whereLayer("interpreters").mayOnlyBeAccessedByLayers("runtime")
                .whereLayer("data").mayOnlyBeAccessedByLayers("runtime", "interpreters")
                .whereLayer("channels").mayOnlyBeAccessedByLayers("runtime", "interpreters", "data")
                .check(main);
    }

    /** The API, and the pool in its package, use the JDK and the API alone: no implementation. */
    @Test
    void theApiAndThePoolUseTheJdkAlone() {
        classes().that().resideInAnyPackage("io.interpreters4j", "io.interpreters4j.spi")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.interpreters4j", "io.interpreters4j.spi")
                .check(main);
    }

    @Test
    void theChannelEngineIsPureJava() {
        noClasses().that().resideInAPackage("io.interpreters4j.channels..")
                .should().dependOnClassesThat().resideInAnyPackage("org.graalvm..", "io.interpreters4j.runtime..")
                .check(main);
    }

    @Test
    void noPackagesDependOnEachOtherInACircle() {
        // A service-provider interface and the API it serves are one unit.
        slices().assignedFrom(slicesBy("the packages of interpreters4j", c -> !c.getPackageName().startsWith("io.interpreters4j")
                ? null : c.getPackageName().equals("io.interpreters4j.spi") ? "io.interpreters4j" : c.getPackageName()))
                .should().beFreeOfCycles().check(main);
    }

    /** Within the runtime, dependencies between classes go one way too: no two classes need each other. */
    @Test
    void noRuntimeClassesDependOnEachOtherInACircle() {
        slices().assignedFrom(slicesBy("the runtime's classes (nested classes with the class they are in)",
                c -> c.getPackageName().startsWith("io.interpreters4j.runtime") ? topLevelName(c) : null))
                .should().beFreeOfCycles().check(main);
    }

    /** Slices named by {@code slice} (null: a class in none). */
    private static SliceAssignment slicesBy(String description, Function<JavaClass, String> slice) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String name = slice.apply(c);
                return name == null ? SliceIdentifier.ignore() : SliceIdentifier.of(name);
            }

            @Override
            public String getDescription() {
                return description;
            }
        };
    }

    /** Classes talk through methods: none reads or writes a field of another of ours, constants aside. */
    @Test
    void runtimeClassesUseNoOtherClassesFields() {
        classes().that().resideInAPackage("io.interpreters4j.runtime..")
                .should(new ArchCondition<JavaClass>("use no field of another class but its constants") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        for (JavaFieldAccess access : c.getFieldAccessesFromSelf()) {
                            JavaClass owner = access.getTargetOwner();
                            if (!owner.getPackageName().startsWith("io.interpreters4j")
                                    || topLevelName(owner).equals(topLevelName(c))) {
                                continue;
                            }
                            Optional<JavaField> field = access.getTarget().resolveMember();
                            boolean constant = field.isPresent()
                                    && field.get().getModifiers().contains(JavaModifier.STATIC)
                                    && field.get().getModifiers().contains(JavaModifier.FINAL);
                            if (!constant) {
                                events.add(SimpleConditionEvent.violated(access, access.getDescription()));
                            }
                        }
                    }
                }).check(main);
    }

    private static String topLevelName(JavaClass c) {
        String name = c.getName();
        int nested = name.indexOf('$');
        return nested < 0 ? name : name.substring(0, nested);
    }
}
