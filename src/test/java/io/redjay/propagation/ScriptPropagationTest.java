package io.redjay.propagation;

import io.redjay.support.PropagationDiff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What scripts send to replicas, compared with a real Redis 7.0.15: never the script itself, but the commands it ran
 * (effects replication), one write alone and several wrapped in MULTI/EXEC, in the database the script selected,
 * nothing for a script that only reads or whose writes changed nothing, only what {@code redis.set_repl} lets
 * through, and the random results of SPOP-like commands as their deterministic rewrites.
 */
class ScriptPropagationTest {
    @RegisterExtension
    static final PropagationDiff diff = PropagationDiff.perClass();

    /** {@code EVAL script numkeys key... arg...}: the arguments after the script start with the key count. */
    private static String[] eval(String script, String... numkeysKeysArgs) {
        String[] rest = numkeysKeysArgs.length == 0 ? new String[] {"0"} : numkeysKeysArgs;
        String[] out = new String[2 + rest.length];
        out[0] = "EVAL";
        out[1] = script;
        System.arraycopy(rest, 0, out, 2, rest.length);
        return out;
    }

    @Test
    void oneWriteGoesAloneAndSeveralGoInOneTransaction() throws Exception {
        diff.assertSameCalls(
                eval("return redis.call('set', KEYS[1], ARGV[1])", "1", "a", "x"),
                eval("redis.call('incr', 'n'); redis.call('incr', 'n'); return redis.call('get', 'n')"),
                eval("return redis.call('get', 'a')"),
                new String[] {"SCRIPT", "LOAD", "redis.call('rpush', 'l', ARGV[1]) return redis.call('llen', 'l')"},
                new String[] {"EVALSHA", "5f0aae0524ab7647ea999da92f4f454b7cc2e6f1", "0", "v"});
    }

    @Test
    void aScriptThatChangesNothingPropagatesNothing() throws Exception {
        diff.assertSameCalls(
                eval("redis.call('del', 'missing'); return redis.call('exists', 'missing')"),
                eval("return redis.pcall('incr', 'nosuchcommand', 'x')"),
                eval("redis.call('set', 'a', 'b'); return redis.pcall('lpush', 'a', 'c')"));
    }

    @Test
    void selectInsideAScriptPropagatesWithItsWrites() throws Exception {
        diff.assertSameCalls(
                eval("redis.call('select', 3); redis.call('set', 'k', 'v'); redis.call('select', 5); "
                        + "return redis.call('set', 'k', 'w')"),
                new String[] {"SET", "back", "0"});
    }

    @Test
    void setReplChoosesWhatReachesReplicas() throws Exception {
        diff.assertSameCalls(
                eval("redis.set_repl(redis.REPL_NONE); redis.call('set', 'hidden', 1); "
                        + "redis.set_repl(redis.REPL_ALL); return redis.call('set', 'shown', 1)"),
                eval("redis.set_repl(redis.REPL_AOF); return redis.call('set', 'aof-only', 1)"),
                eval("return redis.set_repl(7)"));
    }

    @Test
    void expireAndRandomCommandsPropagateTheirRewrites() throws Exception {
        diff.assertSameCalls(
                eval("redis.call('set', 'e', 1, 'EX', 100); return redis.call('expire', 'e', 200)"),
                eval("redis.call('sadd', 's', 'only'); return redis.call('spop', 's')"),
                eval("return redis.call('incrbyfloat', 'f', '1.5')"));
    }
}
