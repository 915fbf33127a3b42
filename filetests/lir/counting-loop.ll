; golden of counting-loop.lir: printLLVM for x86_64-linux; regenerate with BLESS=1
source_filename = "counting_loop"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

define noundef i32 @kernel(i32 noundef %v0) #0 {
bb0:
  br label %bb1
bb1:
  %v1 = phi i32 [ 0, %bb0 ], [ %v10, %bb2 ]
  %v2 = phi i32 [ 0, %bb0 ], [ %v8, %bb2 ]
  %v6 = icmp slt i32 %v1, %v0
  br i1 %v6, label %bb2, label %bb3
bb2:
  %v7 = mul i32 %v1, %v1
  %v8 = add i32 %v2, %v7
  %v10 = add i32 %v1, 1
  br label %bb1
bb3:
  %v3 = phi i32 [ %v2, %bb1 ]
  ret i32 %v3
}

attributes #0 = { nounwind }
