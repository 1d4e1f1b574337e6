;; The CSV structural index: for input bytes [0, len) at the start of memory, one i32 entry per
;; delimiter, LF, quote and CR, in byte order, written from byte 262160 on:
;;   entry = ((base + position) << 2) | kind,  kind 0 delimiter, 1 LF, 2 quote, 3 CR.
;; Sixteen bytes at a time: four i8x16 comparisons give a bit mask of the structural bytes, and the
;; set bits are walked lowest first (ctz, then m & (m - 1)). Returns the number of entries.
;;
;; Memory (21 pages, 1,376,256 bytes): input at [0, 262144), plus 16 bytes the last 16-byte load may
;; read past len (their bits are masked off); entries at [262160, 262160 + 4 * 262144).
;; The caller keeps len <= 262144 and base + len < 2^29.
(module
  (memory (export "memory") 21)
  (func (export "index") (param $len i32) (param $base i32) (param $d i32) (param $q i32) (result i32)
    (local $i i32) (local $o i32) (local $v v128)
    (local $vd v128) (local $vn v128) (local $vq v128) (local $vr v128)
    (local $mn i32) (local $mq i32) (local $mr i32) (local $m i32) (local $b i32)
    (local $k0 i32) (local $k1 i32)
    (local.set $vd (i8x16.splat (local.get $d)))
    (local.set $vq (i8x16.splat (local.get $q)))
    (local.set $vn (i8x16.splat (i32.const 10)))
    (local.set $vr (i8x16.splat (i32.const 13)))
    (local.set $o (i32.const 262160))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $v (v128.load (local.get $i)))
        (local.set $mn (i8x16.bitmask (i8x16.eq (local.get $v) (local.get $vn))))
        (local.set $mq (i8x16.bitmask (i8x16.eq (local.get $v) (local.get $vq))))
        (local.set $mr (i8x16.bitmask (i8x16.eq (local.get $v) (local.get $vr))))
        (local.set $m (i32.or
          (i8x16.bitmask (i8x16.eq (local.get $v) (local.get $vd)))
          (i32.or (local.get $mn) (i32.or (local.get $mq) (local.get $mr)))))
        ;; the last block: drop the bits of bytes at or past len
        (if (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $len))
          (then (local.set $m (i32.and (local.get $m)
            (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $len) (local.get $i))) (i32.const 1))))))
        ;; kind bit 0: LF or CR; kind bit 1: quote or CR
        (local.set $k0 (i32.or (local.get $mn) (local.get $mr)))
        (local.set $k1 (i32.or (local.get $mq) (local.get $mr)))
        (block $bits_done
          (loop $bits
            (br_if $bits_done (i32.eqz (local.get $m)))
            (local.set $b (i32.ctz (local.get $m)))
            (i32.store (local.get $o)
              (i32.or
                (i32.shl (i32.add (local.get $base) (i32.add (local.get $i) (local.get $b))) (i32.const 2))
                (i32.or
                  (i32.and (i32.shr_u (local.get $k0) (local.get $b)) (i32.const 1))
                  (i32.shl (i32.and (i32.shr_u (local.get $k1) (local.get $b)) (i32.const 1)) (i32.const 1)))))
            (local.set $o (i32.add (local.get $o) (i32.const 4)))
            (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
            (br $bits)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $blocks)))
    (i32.shr_u (i32.sub (local.get $o) (i32.const 262160)) (i32.const 2))))
