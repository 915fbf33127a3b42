/**
 * The backends' capability columns of the eligibility matrix (eligibility.ts),
 * one per backend: how each spells what the lowered form can contain. The
 * matrix reads one of them, `sparseSwitch`, as a fact of a match (a sparse
 * match is a native switch where the backend has one, a branch tree
 * elsewhere); the lowered form is otherwise one for all backends. The others
 * are recorded so a difference is written down where the matrix lives, and a
 * test checks that every form the rules choose for a backend is spellable by it.
 */
export interface BackendCapabilities {
  /** Dense dispatch on an index (jump-table forms): br_table / switch. */
  readonly denseSwitch: boolean;
  /**
   * A multi-way branch on sparse values in the lowered form (the LIR `switch`): LLVM's
   * `switch`; the CLIF printer spells it as a compare tree while it prints (CLIF has
   * none). Where false, sparse matches are lowered to branch trees of blocks.
   */
  readonly sparseSwitch: boolean;
  /** Where stack slots live. */
  readonly stackSlots: "frame-object" | "shadow-stack";
  /** Bits of an address in registers (values in memory are always 8 bytes, POINTER_SIZE). */
  readonly addressBits: 32 | 64;
  /** How `opaque` hides a value from the optimizer. */
  readonly opaque: "inline-asm" | "stack-round-trip" | "memory-round-trip";
}

export const BACKEND_CAPABILITIES: Readonly<Record<"cranelift" | "llvm" | "wasm", BackendCapabilities>> = {
  cranelift: { denseSwitch: true, sparseSwitch: true, stackSlots: "frame-object", addressBits: 64, opaque: "stack-round-trip" },
  llvm: { denseSwitch: true, sparseSwitch: true, stackSlots: "frame-object", addressBits: 64, opaque: "inline-asm" },
  // WebAssembly: br_table only; stack slots in linear memory below the runtime's data; wasm32 addresses; opaque through a fixed memory cell.
  wasm: { denseSwitch: true, sparseSwitch: false, stackSlots: "shadow-stack", addressBits: 32, opaque: "memory-round-trip" },
};
