package dev.dit.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the rule of the vector kernels ({@link PoolVector}, {@code MicroKernels}): no method of
 * ours takes or returns a Vector API value. C2 inlines a helper only when its budget and the order
 * in which methods were compiled allow it; where it does not, every vector passed is boxed on the
 * heap. That made the CNN step up to about twice as slow in some JVMs as in others, with the same
 * code and data. The Vector API's own methods are force-inlined, so kernels that call
 * only those compile the same way every time.
 */
class VectorHelpersTest {

    @Test
    void noMethodOfOursPassesVectors() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(PoolVector.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> classes;
        try (Stream<Path> files = Files.walk(root)) {
            classes = files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> root.relativize(f).toString().replace('/', '.').replace('\\', '.'))
                    .map(n -> n.substring(0, n.length() - ".class".length()))
                    .filter(n -> n.startsWith("dev.dit.autodiff"))
                    .sorted()
                    .toList();
        }
        assertTrue(classes.contains(PoolVector.class.getName()), "the scan reads the main classes: " + root);
        List<String> offenders = new ArrayList<>();
        for (String name : classes) {
            Class<?> type = Class.forName(name, false, getClass().getClassLoader());
            for (Method m : type.getDeclaredMethods()) {
                if (m.isSynthetic()) {
                    continue;
                }
                boolean vector = isVector(m.getReturnType());
                for (Class<?> p : m.getParameterTypes()) {
                    vector |= isVector(p);
                }
                if (vector) {
                    offenders.add(name + "." + m.getName());
                }
            }
        }
        assertEquals(List.of(), offenders, "methods that take or return Vector API values (write them out in the kernel)");
    }

    @Test
    void theCheckSeesVectorTypes() throws NoSuchMethodException {
        // the predicate itself: a Vector API parameter is recognised (so the scan above can fail)
        Method m = Fixture.class.getDeclaredMethod("takes", jdk.incubator.vector.DoubleVector.class);
        assertTrue(isVector(m.getParameterTypes()[0]));
    }

    private static boolean isVector(Class<?> type) {
        while (type.isArray()) {
            type = type.getComponentType();
        }
        return type.getName().startsWith("jdk.incubator.vector.");
    }

    /** A method of the kind the rule forbids, in test code only. */
    private static final class Fixture {
        @SuppressWarnings("unused")
        static double takes(jdk.incubator.vector.DoubleVector v) {
            return v.lane(0);
        }
    }
}
