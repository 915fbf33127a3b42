// word_count (KERNELS.md): counting words through a map.
// Rust baseline with std's default hasher (SipHash-1-3, HashMap's
// RandomState): the slower of the two Rust baselines, measured by hand
// (conformance/README.md); word_count.rs with an FxHash-like hasher is the
// one the perf gate reads. The program itself is word_count_program.rs.
use std::collections::HashMap;
use std::hint::black_box;

type WordMap<'a> = HashMap<&'a str, i32>;

include!("word_count_program.rs");
