package io.mm2dr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A role's meta/argument_specs.yml, as the runner adds to Ansible's check (which the conformance
 * corpus's p73-p76 compare with ansible-playbook 2.14): a failure names the role, the argument,
 * the line of argument_specs.yml that declares it and the place the role is used; a spec the
 * runner cannot read is a load error with its line; the check is a task tagged always.
 */
class RoleArgumentSpecsTest {
    private static final Path DIR = Path.of("src/test/resources/playbooks/argspec");
    private static final String SPEC = "src/test/resources/playbooks/argspec/roles/checked/meta/argument_specs.yml";

    @TempDir
    Path sandbox;

    private RunnerHarness.Run run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--sandbox";
        all[1] = sandbox.resolve("sandbox").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return RunnerHarness.run(all);
    }

    @Test
    void aMissingRequiredArgumentNamesTheRoleTheArgumentItsDeclarationAndTheRolesUse() {
        RunnerHarness.Run run = run(DIR.resolve("missing.yaml").toString());
        assertEquals(2, run.exitCode(), run.all());
        assertTrue(run.out().contains("TASK [checked : Validating arguments against arg spec 'main' - checked arguments]"), run.all());
        assertTrue(run.out().contains("missing required arguments: checked_name (" + SPEC + ":5:7)"), run.all());
        assertTrue(run.out().contains("role 'checked', arguments of 'main' declared at " + SPEC + ":2:3, used at "
                + DIR.resolve("missing.yaml") + ":4:7"), run.all());
        assertFalse(run.out().contains("use the arguments"), "the role's tasks do not run: " + run.all());
        assertEquals(1, run.recap("localhost").get("failed"));
    }

    @Test
    void aValueOfTheWrongTypeFromTheTasksVariablesIsRefusedAtItsDeclaration() {
        RunnerHarness.Run run = run(DIR.resolve("badport.yaml").toString());
        assertEquals(2, run.exitCode(), run.all());
        assertTrue(run.out().contains("argument 'checked_port' is of type str and we were unable to convert to int: eighty ("
                + SPEC + ":8:7)"), run.all());
        Map<String, Object> result = run.result("checked : Validating arguments against arg spec 'main' - checked arguments");
        assertEquals(java.util.List.of("argument 'checked_port' is of type str and we were unable to convert to int: eighty"),
                result.get("argument_errors"), run.all());
    }

    @Test
    void theValuesOfNoLogOptionsNeverAppearInTheErrorsTheOutputOrTheReports() {
        RunnerHarness.Run run = run("-vvv", DIR.resolve("secret.yaml").toString());
        assertEquals(2, run.exitCode(), run.all());
        // every option is refused: the errors are there, with the values masked
        assertTrue(run.out().contains("argument 'secretive_password' is of type str and we were unable to convert to int: ********"),
                run.all());
        assertTrue(run.out().contains("value of secretive_mode must be one of: plain, tls, got: ********"), run.all());
        assertTrue(run.out().contains("found in 'secretive_auth'"), run.all());
        for (String secret : new String[] {"hunter2pw", "hunter2mode", "hunter2token"}) {
            assertFalse(run.all().contains(secret), secret + " in the output or the reports: " + run.all());
        }
    }

    @Test
    void aSpecTheRunnerCannotReadIsALoadErrorAtItsLine() {
        RunnerHarness.Run run = run(DIR.resolve("badspec.yaml").toString());
        assertEquals(4, run.exitCode(), run.all());
        assertTrue(run.all().contains("roles/badspec/meta/argument_specs.yml': line 5,") && run.all().contains("found 'bigint'"), run.all());
    }

    @Test
    void theCheckIsATaskTaggedAlwaysThatPassesInCheckModeAndChangesNothing() {
        RunnerHarness.Run list = run("--list-tasks", DIR.resolve("good.yaml").toString());
        assertTrue(list.out().contains("checked : Validating arguments against arg spec 'main' - checked arguments\tTAGS: [always, mine]"),
                list.all());
        RunnerHarness.Run tagged = run("--tags", "nothing", "--check", DIR.resolve("good.yaml").toString());
        assertEquals(0, tagged.exitCode(), tagged.all());
        assertEquals(1, tagged.recap("localhost").get("ok"), tagged.all());
        assertEquals(0, tagged.recap("localhost").get("changed"), tagged.all());
        assertFalse(tagged.out().contains("use the arguments"), tagged.all());
    }
}
