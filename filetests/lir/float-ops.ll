; golden of float-ops.lir: printLLVM for x86_64-linux; regenerate with BLESS=1
source_filename = "float_ops"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@tbl = internal global <{ [8 x i8], ptr }> <{ [8 x i8] zeroinitializer, ptr getelementptr (i8, ptr @str_x, i64 1) }>, align 8
@str_x = private unnamed_addr constant [2 x i8] c"xy", align 1

define noundef i32 @kernel(i32 noundef %v0) #0 {
bb0:
  %v1 = sitofp i32 %v0 to double
  %v3 = fmul double %v1, 0x4004000000000000
  %v4 = bitcast double %v3 to i64
  %v5 = bitcast i64 %v4 to double
  %v6 = fcmp une double %v5, %v5
  %v8 = fcmp olt double %v5, 0x8000000000000000
  %v9 = or i1 %v6, %v8
  %t0 = getelementptr inbounds i8, ptr @tbl, i64 8
  %v11 = load ptr, ptr %t0, align 8
  %v12 = ptrtoint ptr %v11 to i64
  %v13 = inttoptr i64 %v12 to ptr
  %v14 = load i8, ptr %v13, align 1
  %v15 = call i32 @llvm.fptosi.sat.i32.f64(double %v3)
  %v16 = zext i1 %v9 to i32
  %v17 = add i32 %v15, %v16
  %v18 = sext i8 %v14 to i32
  %v19 = add i32 %v17, %v18
  ret i32 %v19
}

declare i32 @llvm.fptosi.sat.i32.f64(double)

attributes #0 = { nounwind }
