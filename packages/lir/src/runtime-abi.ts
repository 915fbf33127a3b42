/**
 * The runtime-c ABI as the lowered form sees it: every `fz_` function the
 * emitted code may call, with its machine signature. It mirrors
 * packages/runtime-c/include/fz_runtime.h (lengths and indices are i64,
 * booleans come back as i32, strings as views are (ptr, i64) pairs, handles
 * are pointers); a test compares the two.
 */
import type { LExtern, LType } from "./types.js";

function ext(name: string, params: LType[], results: LType[], flags: { noreturn?: boolean; pure?: boolean } = {}): LExtern {
  return { name, params, results, noreturn: flags.noreturn ?? false, pure: flags.pure ?? false };
}

const P = "ptr", I64 = "i64", I32 = "i32";

/** Every runtime function, by name. */
export const RUNTIME: Readonly<Record<string, LExtern>> = Object.fromEntries(
  [
    ext("fz_panic_bounds", [I64, I64], [], { noreturn: true }),
    ext("fz_panic_div_zero", [], [], { noreturn: true }),
    ext("fz_panic_rem_zero", [], [], { noreturn: true }),
    ext("fz_panic_div_overflow", [], [], { noreturn: true }),
    ext("fz_panic_rem_overflow", [], [], { noreturn: true }),
    ext("fz_panic_unreachable", [], [], { noreturn: true }),
    ext("fz_panic_payload", [], [], { noreturn: true }),
    ext("fz_panic_str_boundary", [I64], [], { noreturn: true }),
    ext("fz_panic_msg", [P, I64], [], { noreturn: true }),

    ext("fz_array_new", [I64], [P]),
    ext("fz_array_new_filled", [I64, I64], [P]),
    ext("fz_array_get", [P, I64], [I64]),
    ext("fz_array_set", [P, I64, I64], []),
    ext("fz_array_len", [P], [I64]),
    ext("fz_array_push", [P, I64], []),

    ext("fz_str_intern", [P, I64], [P]),
    ext("fz_str_len", [P], [I64]),
    ext("fz_str_ptr", [P], [P]),
    ext("fz_str_eq", [P, P], [I32]),
    ext("fz_str_trim", [P], [P]),
    ext("fz_str_replace", [P, P, P], [P]),
    ext("fz_str_concat", [P, P], [P]),
    ext("fz_str_contains", [P, P], [I32]),
    ext("fz_str_starts_with", [P, P], [I32]),
    ext("fz_str_ends_with", [P, P], [I32]),

    ext("fz_view_find", [P, I64, P, I64], [I64], { pure: true }),
    ext("fz_view_eq", [P, I64, P, I64], [I32], { pure: true }),
    ext("fz_view_starts_with", [P, I64, P, I64], [I32], { pure: true }),
    ext("fz_view_ends_with", [P, I64, P, I64], [I32], { pure: true }),
    ext("fz_view_contains", [P, I64, P, I64], [I32], { pure: true }),
    ext("fz_view_trim_start", [P, I64], [I64], { pure: true }),
    ext("fz_view_trim_end", [P, I64], [I64], { pure: true }),
    ext("fz_view_replace_len", [P, I64, P, I64, P, I64], [I64], { pure: true }),
    ext("fz_view_replace", [P, I64, P, I64, P, I64, P], []),
    ext("fz_view_concat", [P, I64, P, I64, P], []),

    ext("fz_arena_alloc", [I64], [P]),
    ext("fz_arena_mark", [], [I64]),
    ext("fz_arena_release", [I64], []),
    ext("fz_alloc", [I64], [P]),

    // ABI version 2: record/replay of host calls (packages/runtime-c/TRACE.md).
    ext("fz_trace_call_begin", [P, I64], []),
    ext("fz_trace_arg_i64", [I64], []),
    ext("fz_trace_arg_f64", ["f64"], []),
    ext("fz_trace_arg_str", [P], []),
    ext("fz_trace_live", [], [I32]),
    ext("fz_trace_result_i64", [I64], [I64]),
    ext("fz_trace_result_f64", ["f64"], ["f64"]),
    ext("fz_trace_result_str", [P], [P]),
    ext("fz_trace_result_void", [], []),

    // ABI version 3: counted objects (packages/runtime-c/README.md, "Ownership").
    ext("fz_retain", [P], []),
    ext("fz_retain_n", [P, I64], []),
    ext("fz_release", [P], []),
    ext("fz_release_each", [P, I64], []),
    ext("fz_cell_new", [I64, P], [P]),
    ext("fz_array_new_of", [I64, I64], [P]),
    ext("fz_array_new_filled_of", [I64, I64, I64], [P]),

    // ABI version 4: the strings fz_str_trim, fz_str_replace and fz_str_concat return are counted and owned by the
    // caller, interned strings immortal (runtime-c README, "Ownership"); and these entries. Maps (packages/runtime-c/src/map.c; SPEC.md "Maps").
    ext("fz_map_new", [I64, I64], [P]),
    ext("fz_map_get", [P, I64, I64], [I64]),
    ext("fz_map_set", [P, I64, I64], []),
    ext("fz_map_has", [P, I64], [I32]),
    ext("fz_map_remove", [P, I64], []),
    ext("fz_map_len", [P], [I64]),
    ext("fz_map_key_at", [P, I64], [I64]),
    ext("fz_map_value_at", [P, I64], [I64]),
    ext("fz_map_grow", [P], []),
    ext("fz_map_remove_at", [P, I64], []),
    // ABI version 4: string operations (SPEC.md "String operations", runtime-c str_ops.c).
    ext("fz_panic_str_slice", [P, I64, I64, I64], [], { noreturn: true }),
    ext("fz_view_slice_check", [P, I64, I64, I64], []),
    ext("fz_view_byte_at", [P, I64, I64], [I32]),
    ext("fz_view_split", [P, I64, P, I64], [P]),
    // ABI version 5: strings stored into runtime objects are counted copies the object owns (runtime-c README, "Ownership").
    ext("fz_str_from_view", [P, I64], [P]),
    ext("fz_view_copy", [P, I64, P], []),
    ext("fz_view_join_len", [P, P, I64], [I64]),
    ext("fz_view_join", [P, P, I64, P], []),
    ext("fz_view_from_int", [I64, P], [I64]),
    ext("fz_view_parse_int", [P, I64], [I64], { pure: true }),
    ext("fz_view_parse_error", [P, I64], [I32], { pure: true }),
    ext("fz_str_slice", [P, I64, I64], [P]),
    ext("fz_str_find", [P, P], [I64]),
    ext("fz_str_byte_at", [P, I64], [I32]),
    ext("fz_str_split", [P, P], [P]),
    ext("fz_str_join", [P, P], [P]),
    ext("fz_str_from_int", [I64], [P]),
    ext("fz_str_parse_int", [P], [I64]),
    ext("fz_str_parse_error", [P], [I32]),
    // ABI version 6: maps own their str keys (fz_map_new with refs & 2; runtime-c map.c), keys given as views.
    ext("fz_map_get_str", [P, P, I64, I64], [I64]),
    ext("fz_map_set_str", [P, P, I64, I64], []),
    ext("fz_map_has_str", [P, P, I64], [I32]),
    ext("fz_map_remove_str", [P, P, I64], []),
  ].map((e) => [e.name, e]),
);

/** The runtime function `name`; throws on a name that is not in the ABI. */
export function runtimeFn(name: string): LExtern {
  const e = RUNTIME[name];
  if (!e) throw new Error(`not a runtime function: ${name}`);
  return e;
}
