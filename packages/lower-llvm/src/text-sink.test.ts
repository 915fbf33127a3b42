import test from "ava";
import { TextSink } from "./text-sink.js";

test("the sink gives back what was put, ASCII and not, across growth", (t) => {
  const sink = new TextSink();
  const pieces: string[] = [];
  for (let i = 0; i < 20000; i++) {
    const piece = i % 997 === 0 ? `; héllo → 世界 ${i} 😀` : `%v${i} = add i32 %a, ${i}`;
    sink.put(piece);
    pieces.push(piece);
    if (i % 3 === 0) {
      sink.int(i);
      pieces.push(String(i));
    }
    sink.nl();
    pieces.push("\n");
  }
  t.is(sink.text(), pieces.join(""));
});

test("integers print in decimal, one digit and many", (t) => {
  const sink = new TextSink();
  for (const n of [0, 7, 10, 123456789, 2 ** 53 - 1]) {
    sink.int(n);
    sink.put(",");
  }
  t.is(sink.text(), `0,7,10,123456789,${2 ** 53 - 1},`);
});
