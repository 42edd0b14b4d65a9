package io.mm2dr.engine.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Paths as os.path.expanduser and os.path.expandvars read them. */
class UserPathsTest {
    @Test
    void variablesKnownAreReplacedOthersStay() {
        Map<String, String> env = Map.of("DIR", "/srv", "N", "1");
        assertEquals("/srv/a", UserPaths.expandVars("$DIR/a", env));
        assertEquals("/srv/a1", UserPaths.expandVars("${DIR}/a$N", env));
        assertEquals("$NOPE/a", UserPaths.expandVars("$NOPE/a", env));
        assertEquals("a$", UserPaths.expandVars("a$", env));
        assertEquals("${DIR", UserPaths.expandVars("${DIR", env));
        assertEquals("cost: $5", UserPaths.expandVars("cost: $5", env));
    }

    @Test
    void tildeIsTheHomeFolder() {
        assertEquals(UserPaths.home() + "/.kube/config", UserPaths.expandUser("~/.kube/config"));
        assertEquals(UserPaths.home(), UserPaths.expandUser("~"));
        assertEquals("~user/x", UserPaths.expandUser("~user/x"));
        assertEquals("/a/~/b", UserPaths.expandUser("/a/~/b"));
    }
}
