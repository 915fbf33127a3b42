// The word_count program shared by the two Rust baselines (word_count.rs,
// word_count_siphash.rs), which differ only in the hasher: each defines
// `WordMap` and includes this file, so both stay standalone `rustc -O`
// programs with no crates. Each word is read through black_box (where the
// .fzir has `opaque`); the count is a get with default 0 then an insert, as
// the .fzir does it. HashMap has no insertion order, so the keys are also
// kept in a Vec when first inserted (what the IR's map iterates by).

fn kernel(n: i32) -> i32 {
    let words: [&str; 16] = [
        "the", "cat", "sat", "on", "the", "mat", "and", "the", "dog", "sat", "on", "a", "log", "by", "the", "cat",
    ];
    let mut counts: WordMap = HashMap::default();
    let mut order: Vec<&str> = Vec::new();
    let mut idx: usize = 0;
    let mut acc: i32 = 0;
    let mut i: i32 = 0;
    while i < n {
        let word = black_box(words[idx]);
        let count = counts.get(word).copied().unwrap_or(0).wrapping_add(1);
        if counts.insert(word, count).is_none() {
            order.push(word);
        }
        acc = acc.wrapping_add(count % 251) % 251;
        idx += 1;
        if idx == 16 {
            idx = 0;
        }
        i = i.wrapping_add(1);
    }
    for w in &order {
        acc = (acc * 3 + counts[w] % 251 + w.len() as i32) % 251;
    }
    acc
}

fn main() {
    let n: i32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).expect("usage: word_count N (a word count of 16 words, N times)");
    println!("{}", kernel(n));
}
