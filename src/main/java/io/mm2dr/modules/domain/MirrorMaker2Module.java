package io.mm2dr.modules.domain;

import io.mm2dr.domain.Flavor;
import io.mm2dr.domain.mm2.MirrorMaker2Spec;
import io.mm2dr.domain.mm2.SpecError;
import io.mm2dr.domain.mm2.SpecException;
import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.domain.PlatformException;
import io.mm2dr.platform.Outcome;
import io.mm2dr.platform.Platform;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code mirror_maker2}: a MirrorMaker 2 from a typed specification ({@link MirrorMaker2Spec}),
 * validated before anything is touched: every mistake a DR engineer would want caught is refused
 * with the field and why. Its arguments are declared in {@link MirrorMaker2Arguments}. Returns the
 * names of its internal topics.
 */
final class MirrorMaker2Module extends DomainModule {
    @Override
    public String name() {
        return "mirror_maker2";
    }

    @Override
    public ArgSpec spec() {
        return MirrorMaker2Arguments.SPEC;
    }

    @Override
    Outcome apply(Map<String, Object> args, ModuleContext ctx, Platform platform) throws InterruptedException {
        Flavor flavor = flavor(args, ctx);
        Duration timeout = timeout(args);
        if (!present(args)) {
            return platform.removeMirrorMaker2((String) args.get("name"), (String) args.get("namespace"), flavor,
                    timeout == null ? null : timeout);
        }
        MirrorMaker2Spec spec = MirrorMaker2Spec.of(args); // validated against MirrorMaker2Arguments.SPEC by the engine
        Set<String> groups = args.get("consumer_groups") == null ? Set.of()
                : new LinkedHashSet<>(((List<?>) args.get("consumer_groups")).stream().map(String::valueOf).toList());
        List<MirrorMaker2Spec.OtherMirrorMaker2> others;
        String unchecked = null;
        try {
            others = platform.otherMirrorMakers(flavor);
        } catch (PlatformException e) {
            others = List.of();
            unchecked = "could not list the other MirrorMaker 2 (" + e.getMessage() + "): internal topic names shared with them were not checked";
        }
        Map<String, Integer> live = new java.util.LinkedHashMap<>();
        for (io.mm2dr.domain.mm2.ClusterSpec c : spec.clusters()) {
            Integer n = platform.liveBrokers(c.bootstrap());
            if (n != null) {
                live.put(c.alias(), n);
            }
        }
        List<SpecError> errors = spec.validate(new MirrorMaker2Spec.ValidationContext(others, groups, live));
        if (!errors.isEmpty()) {
            // a mistake in the specification, on either platform: the task fails with the list, nothing applied
            throw new SpecException("", "the MirrorMaker 2 specification " + spec.namespace() + "/" + spec.name() + " has "
                    + (errors.size() == 1 ? "a mistake" : errors.size() + " mistakes") + ", nothing was applied:\n  - "
                    + String.join("\n  - ", errors.stream().map(SpecError::toString).toList()));
        }
        return platform.mirrorMaker2(spec, flavor, timeout).warn(unchecked);
    }
}
