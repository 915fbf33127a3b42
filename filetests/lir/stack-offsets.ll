; golden of stack-offsets.lir: printLLVM for x86_64-linux; regenerate with BLESS=1
source_filename = "stack_array"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

define noundef i32 @kernel(i32 noundef %v0) #0 {
bb0:
  %s0 = alloca [32 x i8], align 8
  %v1 = sext i32 %v0 to i64
  %v2 = getelementptr inbounds i8, ptr %s0, i64 16
  store i64 %v1, ptr %s0, align 8
  %v5 = add i64 %v1, %v1
  %t0 = getelementptr inbounds i8, ptr %s0, i64 8
  store i64 %v5, ptr %t0, align 8
  %v7 = shl i64 %v1, 2
  store i64 %v7, ptr %v2, align 8
  %t1 = getelementptr inbounds i8, ptr %v2, i64 8
  store i64 -1, ptr %t1, align 8
  %v10 = load i64, ptr %s0, align 8
  %t2 = getelementptr inbounds i8, ptr %s0, i64 8
  %v11 = load i64, ptr %t2, align 8
  %v12 = add i64 %v10, %v11
  %t3 = getelementptr inbounds i8, ptr %s0, i64 16
  %v13 = load i64, ptr %t3, align 8
  %v14 = add i64 %v12, %v13
  %t4 = getelementptr inbounds i8, ptr %s0, i64 24
  %v15 = load i64, ptr %t4, align 8
  %v16 = add i64 %v14, %v15
  %v17 = trunc i64 %v16 to i32
  ret i32 %v17
}

attributes #0 = { nounwind }
