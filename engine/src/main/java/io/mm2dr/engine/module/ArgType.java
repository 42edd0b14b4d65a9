package io.mm2dr.engine.module;

/** The types a module argument can declare, with Ansible's conversions. */
public enum ArgType {
    STR, INT, FLOAT, BOOL, LIST, DICT, PATH, RAW
}
