; golden of edge-split.lir: printLLVM for x86_64-linux; regenerate with BLESS=1
source_filename = "edge_split"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

define internal noundef i32 @grow(i32 noundef %arg0) #0 {
entry:
  br label %bb0
bb0:
  %v0 = phi i32 [ %arg0, %entry ], [ %v4, %bb0 ]
  %v2 = mul i32 %v0, 2
  %v4 = add i32 %v2, 1
  %v6 = icmp sgt i32 %v0, 1000
  br i1 %v6, label %bb1, label %bb0
bb1:
  ret i32 %v0
}

define noundef i32 @kernel(i32 noundef %v0) #0 {
bb0:
  %v4 = icmp sgt i32 %v0, 0
  %v6 = sub i32 0, %v0
  br i1 %v4, label %bb1, label %bb0.e1
bb0.e1:
  br label %bb1
bb1:
  %v1 = phi i32 [ %v0, %bb0 ], [ %v6, %bb0.e1 ]
  %v10 = and i32 %v1, 3
  switch i32 %v10, label %bb2 [
    i32 0, label %bb1.e1
    i32 1, label %bb1.e2
    i32 2, label %bb1.e1
    i32 3, label %bb3
  ]
bb1.e1:
  br label %bb2
bb1.e2:
  br label %bb2
bb2:
  %v2 = phi i32 [ %v1, %bb1 ], [ 1, %bb1.e1 ], [ 2, %bb1.e2 ], [ 2, %bb3 ], [ 2, %bb3 ]
  %v12 = call i32 @grow(i32 %v2)
  ret i32 %v12
bb3:
  %v11 = icmp eq i32 %v1, %v0
  br i1 %v11, label %bb2, label %bb2
}

attributes #0 = { nounwind }
