; golden of entry-loop.lir: printLLVM for x86_64-linux; regenerate with BLESS=1
source_filename = "entry_loop"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

define internal noundef i32 @again(i32 noundef %arg0) #0 {
entry:
  br label %bb0
bb0:
  %v0 = phi i32 [ %arg0, %entry ], [ %v4, %bb0 ]
  %v2 = icmp slt i32 %v0, 100
  %v4 = add i32 %v0, 7
  br i1 %v2, label %bb0, label %bb1
bb1:
  ret i32 %v0
}

define noundef i32 @kernel(i32 noundef %v0) #0 {
bb0:
  %v1 = call i32 @again(i32 %v0)
  ret i32 %v1
}

attributes #0 = { nounwind }
