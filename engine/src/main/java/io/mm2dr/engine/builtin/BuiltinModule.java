package io.mm2dr.engine.builtin;

import io.mm2dr.engine.module.Module;

/** Base of the ansible.builtin modules: their namespace. */
abstract class BuiltinModule implements Module {
    @Override
    public String namespace() {
        return "ansible.builtin";
    }
}
