; golden of select.lir: printLLVM for x86_64-linux; regenerate with BLESS=1
source_filename = "select_max"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

define internal noundef zeroext i1 @is_small(i32 noundef %v0) #0 {
bb0:
  %v2 = icmp ult i32 %v0, 10
  ret i1 %v2
}

define internal noundef i32 @pick(i1 zeroext noundef %v0, i32 noundef %v1, i32 noundef %v2) #0 {
bb0:
  %v3 = select i1 %v0, i32 %v1, i32 %v2
  ret i32 %v3
}

define noundef i32 @kernel(i32 noundef %v0) #0 {
bb0:
  %v2 = icmp sgt i32 %v0, 7
  %v3 = select i1 %v2, i32 %v0, i32 7
  %v4 = call zeroext i1 @is_small(i32 %v0)
  %v7 = call i32 @pick(i1 zeroext %v4, i32 1, i32 0)
  %v8 = add i32 %v3, %v7
  ret i32 %v8
}

attributes #0 = { nounwind }
