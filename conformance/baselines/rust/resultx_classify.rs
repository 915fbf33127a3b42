// resultx_classify (KERNELS.md): enums, match and small calls.
// Rust baseline: two enums matched exhaustively, a codes array read through
// black_box (where the .fzir has `opaque`), the loop body unrolled four times.
use std::hint::black_box;

#[derive(Clone, Copy)]
enum ErrorCode {
    InvalidInput,
    NotFound,
    Conflict,
    Timeout,
    Io,
    Internal,
}

#[derive(Clone, Copy)]
enum ErrorClass {
    Transport,
    Parse,
    Timeout,
    Policy,
    Internal,
}

fn classify(code: ErrorCode) -> ErrorClass {
    match code {
        ErrorCode::Io => ErrorClass::Transport,
        ErrorCode::InvalidInput => ErrorClass::Parse,
        ErrorCode::Timeout => ErrorClass::Timeout,
        ErrorCode::Conflict => ErrorClass::Policy,
        ErrorCode::NotFound | ErrorCode::Internal => ErrorClass::Internal,
    }
}

fn class_score(class: ErrorClass) -> i32 {
    match class {
        ErrorClass::Transport => 11,
        ErrorClass::Parse => 17,
        ErrorClass::Timeout => 23,
        ErrorClass::Policy => 31,
        ErrorClass::Internal => 43,
    }
}

fn kernel(n: i32) -> i32 {
    let codes = [
        ErrorCode::InvalidInput,
        ErrorCode::NotFound,
        ErrorCode::Conflict,
        ErrorCode::Timeout,
        ErrorCode::Io,
        ErrorCode::Internal,
        ErrorCode::InvalidInput,
    ];
    let mut idx: usize = 0;
    let mut acc: i32 = 0;
    let mut i: i32 = 0;
    while i < n {
        // Written out four times, as in the original: unrolling is part of the workload.
        let c = black_box(codes[idx]);
        idx += 1;
        if idx == 7 {
            idx = 0;
        }
        acc = acc.wrapping_add(class_score(classify(c))) % 251;

        let c = black_box(codes[idx]);
        idx += 1;
        if idx == 7 {
            idx = 0;
        }
        acc = acc.wrapping_add(class_score(classify(c))) % 251;

        let c = black_box(codes[idx]);
        idx += 1;
        if idx == 7 {
            idx = 0;
        }
        acc = acc.wrapping_add(class_score(classify(c))) % 251;

        let c = black_box(codes[idx]);
        idx += 1;
        if idx == 7 {
            idx = 0;
        }
        acc = acc.wrapping_add(class_score(classify(c))) % 251;

        i = i.wrapping_add(4);
    }
    acc
}

fn main() {
    let n: i32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).expect("usage: resultx_classify N");
    println!("{}", kernel(n));
}
