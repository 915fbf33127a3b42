// capability_parse (KERNELS.md): string equality against literals.
// Rust baseline: a chain of `==` tests on &str, the name read through
// black_box (where the .fzir has `opaque`) so the chain cannot be resolved
// at compile time.
use std::hint::black_box;

fn parse_capability(name: &str) -> i32 {
    if name == "time" {
        3
    } else if name == "rng" {
        5
    } else if name == "fs" {
        7
    } else if name == "http" {
        11
    } else if name == "proc" {
        13
    } else if name == "mem" {
        17
    } else if name == "thread" {
        19
    } else {
        23
    }
}

fn kernel(n: i32) -> i32 {
    let names: [&str; 8] = ["time", "rng", "fs", "http", "proc", "mem", "thread", "bad"];
    let mut idx: usize = 0;
    let mut acc: i32 = 0;
    let mut i: i32 = 0;
    while i < n {
        let name = black_box(names[idx]);
        acc = acc.wrapping_add(parse_capability(name)) % 251;
        idx += 1;
        if idx == 8 {
            idx = 0;
        }
        i = i.wrapping_add(1);
    }
    acc
}

fn main() {
    let n: i32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).expect("usage: capability_parse N");
    println!("{}", kernel(n));
}
