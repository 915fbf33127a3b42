; golden of float-consts.lir: printLLVM for x86_64-linux; regenerate with BLESS=1
source_filename = "float_ops"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

define noundef i32 @kernel(i32 noundef %v0) #0 {
bb0:
  %v1 = sitofp i32 %v0 to double
  %t0 = bitcast double %v1 to i64
  %t1 = call i64 asm sideeffect "", "=r,0"(i64 %t0)
  %v2 = bitcast i64 %t1 to double
  %v4 = fmul double %v2, 0x3FB999999999999A
  %v6 = fcmp une double 0x7FF8000000000000, 0x7FF8000000000000
  %v8 = fcmp olt double %v4, 0x8000000000000000
  %v10 = select i1 %v8, double 0x7FF0000000000000, double %v4
  %v12 = fdiv double %v10, 0x4008000000000000
  %v13 = call i32 @llvm.fptosi.sat.i32.f64(double %v12)
  %v14 = bitcast double %v4 to i64
  %v16 = lshr i64 %v14, 60
  %v17 = trunc i64 %v16 to i32
  %v18 = add i32 %v13, %v17
  %v19 = zext i1 %v6 to i32
  %v20 = add i32 %v18, %v19
  ret i32 %v20
}

declare i32 @llvm.fptosi.sat.i32.f64(double)

attributes #0 = { nounwind }
