;; The fast path's kernels: dense layers, their gradients, the GAN losses' gradients and the
;; optimiser updates, in WebAssembly with 128-bit SIMD (four f32 lanes). Compiled to a binary at
;; build time by wabt (see src/plugins/vite-wasm-bytes.ts and fast/module.ts); readers get only the
;; binary.
;;
;; Layout (set by the driver, fast/driver.ts): every batch of activations is stored feature-major,
;; one row per feature and one column per example ([features × N], row stride N floats), with N a
;; multiple of 32 (the batch padded with columns whose gradients are zero). Weight matrices are
;; TensorFlow.js's own layout, [fanIn × fanOut] row-major. All pointers are byte addresses; strides
;; and counts are in floats.
;;
;; Activation codes: 0 linear, 1 ReLU, 2 leaky ReLU (slope set by setLeakySlope), 3 tanh.
(module
  (memory (export "memory") 1)

  (global $leakySlope (mut f32) (f32.const 0.2))

  (func (export "setLeakySlope") (param $slope f32)
    (global.set $leakySlope (local.get $slope)))

  ;; e^x on four lanes (Cephes expf): x = n·ln 2 + r with |r| ≤ ln 2 / 2, e^r by its degree-7
  ;; polynomial, 2^n from the exponent bits. x is clamped to [−87.3, 88] (n stays within
  ;; [−126, 127]); about 1 ulp from the exact value.
  (func $exp (param $x v128) (result v128)
    (local $n v128) (local $r v128) (local $p v128)
    (local.set $x (f32x4.min (f32x4.max (local.get $x) (v128.const f32x4 -87.3 -87.3 -87.3 -87.3))
                             (v128.const f32x4 88 88 88 88)))
    (local.set $n (f32x4.floor (f32x4.add (f32x4.mul (local.get $x) (v128.const f32x4 1.44269504088896341 1.44269504088896341 1.44269504088896341 1.44269504088896341))
                                          (v128.const f32x4 0.5 0.5 0.5 0.5))))
    (local.set $r (f32x4.sub (f32x4.sub (local.get $x) (f32x4.mul (local.get $n) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375)))
                             (f32x4.mul (local.get $n) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
    (local.set $p (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)))
    ;; p·r² + r + 1
    (local.set $p (f32x4.add (f32x4.add (f32x4.mul (f32x4.mul (local.get $p) (local.get $r)) (local.get $r)) (local.get $r))
                             (v128.const f32x4 1 1 1 1)))
    ;; × 2^n: (n + 127) << 23 is the float 2^n
    (f32x4.mul (local.get $p)
               (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $n)) (v128.const i32x4 127 127 127 127)) (i32.const 23))))

  ;; tanh on four lanes (Cephes tanhf): for |x| < 0.625 the odd polynomial x + x·z·P(z), z = x²;
  ;; beyond, sign(x)·(1 − e)/(1 + e) with e = e^(−2|x|) (no cancellation there: e ≤ 0.29).
  (func $tanh (param $x v128) (result v128)
    (local $a v128) (local $z v128) (local $small v128) (local $e v128) (local $large v128)
    (local.set $a (f32x4.abs (local.get $x)))
    (local.set $z (f32x4.mul (local.get $x) (local.get $x)))
    (local.set $small (v128.const f32x4 -5.70498872745e-3 -5.70498872745e-3 -5.70498872745e-3 -5.70498872745e-3))
    (local.set $small (f32x4.add (f32x4.mul (local.get $small) (local.get $z)) (v128.const f32x4 2.06390887954e-2 2.06390887954e-2 2.06390887954e-2 2.06390887954e-2)))
    (local.set $small (f32x4.add (f32x4.mul (local.get $small) (local.get $z)) (v128.const f32x4 -5.37397155531e-2 -5.37397155531e-2 -5.37397155531e-2 -5.37397155531e-2)))
    (local.set $small (f32x4.add (f32x4.mul (local.get $small) (local.get $z)) (v128.const f32x4 1.33314422036e-1 1.33314422036e-1 1.33314422036e-1 1.33314422036e-1)))
    (local.set $small (f32x4.add (f32x4.mul (local.get $small) (local.get $z)) (v128.const f32x4 -3.33332819422e-1 -3.33332819422e-1 -3.33332819422e-1 -3.33332819422e-1)))
    (local.set $small (f32x4.add (f32x4.mul (f32x4.mul (local.get $small) (local.get $z)) (local.get $x)) (local.get $x)))
    (local.set $e (call $exp (f32x4.mul (local.get $a) (v128.const f32x4 -2 -2 -2 -2))))
    (local.set $large (f32x4.div (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $e))
                                 (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $e))))
    ;; give |tanh| the sign of x
    (local.set $large (v128.or (local.get $large) (v128.and (local.get $x) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))))
    (v128.bitselect (local.get $small) (local.get $large)
                    (f32x4.lt (local.get $a) (v128.const f32x4 0.625 0.625 0.625 0.625))))

  ;; act(v)
  (func $activate (param $v v128) (param $act i32) (result v128)
    (if (i32.eq (local.get $act) (i32.const 1))
      (then (return (f32x4.max (local.get $v) (v128.const f32x4 0 0 0 0)))))
    (if (i32.eq (local.get $act) (i32.const 2))
      (then (return (v128.bitselect (local.get $v)
                                    (f32x4.mul (local.get $v) (f32x4.splat (global.get $leakySlope)))
                                    (f32x4.gt (local.get $v) (v128.const f32x4 0 0 0 0))))))
    (if (i32.eq (local.get $act) (i32.const 3))
      (then (return (call $tanh (local.get $v)))))
    (local.get $v))

  ;; g·act′, from the activation's output y (as TensorFlow.js's gradients: ReLU and leaky ReLU pass
  ;; g where y > 0, tanh multiplies by 1 − y²)
  (func $activationGradient (param $g v128) (param $y v128) (param $act i32) (result v128)
    (if (i32.eq (local.get $act) (i32.const 1))
      (then (return (v128.and (local.get $g) (f32x4.gt (local.get $y) (v128.const f32x4 0 0 0 0))))))
    (if (i32.eq (local.get $act) (i32.const 2))
      (then (return (v128.bitselect (local.get $g)
                                    (f32x4.mul (local.get $g) (f32x4.splat (global.get $leakySlope)))
                                    (f32x4.gt (local.get $y) (v128.const f32x4 0 0 0 0))))))
    (if (i32.eq (local.get $act) (i32.const 3))
      (then (return (f32x4.mul (local.get $g)
                               (f32x4.sub (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $y) (local.get $y)))))))
    (local.get $g))

  ;; C[p, :] = Σ_q S[p·rowStride + q·columnStride] · B[q, :] for p < P, q < Q, over N columns
  ;; (N a multiple of 32), with an epilogue:
  ;;   mode 0: C = act(bias[p] + Σ…)           (a dense layer's forward pass; bias 0 = none)
  ;;   mode 1: C = (Σ…) · act′ from Y[p, :]    (the gradient of a layer's input, through the
  ;;                                              activation of the layer below)
  ;; The forward pass uses S = W with rowStride 1, columnStride fanOut (Y = Wᵀ X); the input's
  ;; gradient uses S = W with rowStride fanOut, columnStride 1 (dX = W dZ).
  ;; Blocks of 32 columns: eight accumulators, one broadcast scalar and eight loads per step.
  (func (export "product")
    (param $S i32) (param $rowStride i32) (param $columnStride i32)
    (param $B i32) (param $C i32)
    (param $P i32) (param $Q i32) (param $N i32)
    (param $bias i32) (param $mode i32) (param $act i32) (param $Y i32)
    (local $i i32) (local $p i32) (local $q i32) (local $sp i32) (local $bp i32)
    (local $rowBytes i32) (local $stepBytes i32) (local $out i32) (local $y i32)
    (local $s v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local.set $rowBytes (i32.shl (local.get $N) (i32.const 2)))
    (local.set $stepBytes (i32.shl (local.get $columnStride) (i32.const 2)))
    (local.set $i (i32.const 0))
    (block $blocksDone
      (loop $blocks
        (br_if $blocksDone (i32.ge_u (local.get $i) (local.get $N)))
        (local.set $p (i32.const 0))
        (block $rowsDone
          (loop $rows
            (br_if $rowsDone (i32.ge_u (local.get $p) (local.get $P)))
            (local.set $s (v128.const f32x4 0 0 0 0))
            (if (local.get $bias)
              (then (local.set $s (f32x4.splat (f32.load (i32.add (local.get $bias) (i32.shl (local.get $p) (i32.const 2))))))))
            (local.set $a0 (local.get $s)) (local.set $a1 (local.get $s))
            (local.set $a2 (local.get $s)) (local.set $a3 (local.get $s))
            (local.set $a4 (local.get $s)) (local.set $a5 (local.get $s))
            (local.set $a6 (local.get $s)) (local.set $a7 (local.get $s))
            (local.set $sp (i32.add (local.get $S) (i32.shl (i32.mul (local.get $p) (local.get $rowStride)) (i32.const 2))))
            (local.set $bp (i32.add (local.get $B) (i32.shl (local.get $i) (i32.const 2))))
            (local.set $q (local.get $Q))
            (loop $inner
              (local.set $s (f32x4.splat (f32.load (local.get $sp))))
              (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s) (v128.load offset=0 (local.get $bp)))))
              (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $bp)))))
              (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $s) (v128.load offset=32 (local.get $bp)))))
              (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $s) (v128.load offset=48 (local.get $bp)))))
              (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $s) (v128.load offset=64 (local.get $bp)))))
              (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (local.get $s) (v128.load offset=80 (local.get $bp)))))
              (local.set $a6 (f32x4.add (local.get $a6) (f32x4.mul (local.get $s) (v128.load offset=96 (local.get $bp)))))
              (local.set $a7 (f32x4.add (local.get $a7) (f32x4.mul (local.get $s) (v128.load offset=112 (local.get $bp)))))
              (local.set $sp (i32.add (local.get $sp) (local.get $stepBytes)))
              (local.set $bp (i32.add (local.get $bp) (local.get $rowBytes)))
              (local.set $q (i32.sub (local.get $q) (i32.const 1)))
              (br_if $inner (local.get $q)))
            (local.set $out (i32.add (local.get $C) (i32.shl (i32.add (i32.mul (local.get $p) (local.get $N)) (local.get $i)) (i32.const 2))))
            (if (i32.eqz (local.get $mode))
              (then
                (v128.store offset=0 (local.get $out) (call $activate (local.get $a0) (local.get $act)))
                (v128.store offset=16 (local.get $out) (call $activate (local.get $a1) (local.get $act)))
                (v128.store offset=32 (local.get $out) (call $activate (local.get $a2) (local.get $act)))
                (v128.store offset=48 (local.get $out) (call $activate (local.get $a3) (local.get $act)))
                (v128.store offset=64 (local.get $out) (call $activate (local.get $a4) (local.get $act)))
                (v128.store offset=80 (local.get $out) (call $activate (local.get $a5) (local.get $act)))
                (v128.store offset=96 (local.get $out) (call $activate (local.get $a6) (local.get $act)))
                (v128.store offset=112 (local.get $out) (call $activate (local.get $a7) (local.get $act))))
              (else
                (local.set $y (i32.add (local.get $Y) (i32.shl (i32.add (i32.mul (local.get $p) (local.get $N)) (local.get $i)) (i32.const 2))))
                (v128.store offset=0 (local.get $out) (call $activationGradient (local.get $a0) (v128.load offset=0 (local.get $y)) (local.get $act)))
                (v128.store offset=16 (local.get $out) (call $activationGradient (local.get $a1) (v128.load offset=16 (local.get $y)) (local.get $act)))
                (v128.store offset=32 (local.get $out) (call $activationGradient (local.get $a2) (v128.load offset=32 (local.get $y)) (local.get $act)))
                (v128.store offset=48 (local.get $out) (call $activationGradient (local.get $a3) (v128.load offset=48 (local.get $y)) (local.get $act)))
                (v128.store offset=64 (local.get $out) (call $activationGradient (local.get $a4) (v128.load offset=64 (local.get $y)) (local.get $act)))
                (v128.store offset=80 (local.get $out) (call $activationGradient (local.get $a5) (v128.load offset=80 (local.get $y)) (local.get $act)))
                (v128.store offset=96 (local.get $out) (call $activationGradient (local.get $a6) (v128.load offset=96 (local.get $y)) (local.get $act)))
                (v128.store offset=112 (local.get $out) (call $activationGradient (local.get $a7) (v128.load offset=112 (local.get $y)) (local.get $act)))))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $rows)))
        (local.set $i (i32.add (local.get $i) (i32.const 32)))
        (br $blocks))))

  ;; The sum of a vector's four lanes.
  (func $sum4 (param $v v128) (result f32)
    (f32.add (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
             (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  ;; A dense layer's weight and bias gradients: dW[k·M + j] = Σ_i X[k, i]·dZ[j, i] (dW = Xᵀ dZ in
  ;; the batch-major view) and db[j] = Σ_i dZ[j, i], for k < K, j < M, over N columns (a multiple
  ;; of 4). Four rows of X per pass over a row of dZ.
  (func (export "weightGradient")
    (param $X i32) (param $dZ i32) (param $dW i32) (param $db i32) (param $K i32) (param $M i32) (param $N i32)
    (local $j i32) (local $k i32) (local $i i32) (local $rowBytes i32) (local $z i32)
    (local $x0 i32) (local $x1 i32) (local $x2 i32) (local $x3 i32) (local $d v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $rowBytes (i32.shl (local.get $N) (i32.const 2)))
    (local.set $j (i32.const 0))
    (block $columnsDone
      (loop $columns
        (br_if $columnsDone (i32.ge_u (local.get $j) (local.get $M)))
        (local.set $z (i32.add (local.get $dZ) (i32.mul (local.get $j) (local.get $rowBytes))))
        (local.set $k (i32.const 0))
        ;; four rows of X at a time
        (block $quadsDone
          (loop $quads
            (br_if $quadsDone (i32.gt_u (i32.add (local.get $k) (i32.const 4)) (local.get $K)))
            (local.set $x0 (i32.add (local.get $X) (i32.mul (local.get $k) (local.get $rowBytes))))
            (local.set $x1 (i32.add (local.get $x0) (local.get $rowBytes)))
            (local.set $x2 (i32.add (local.get $x1) (local.get $rowBytes)))
            (local.set $x3 (i32.add (local.get $x2) (local.get $rowBytes)))
            (local.set $a0 (v128.const f32x4 0 0 0 0)) (local.set $a1 (v128.const f32x4 0 0 0 0))
            (local.set $a2 (v128.const f32x4 0 0 0 0)) (local.set $a3 (v128.const f32x4 0 0 0 0))
            (local.set $i (i32.const 0))
            (loop $inner
              (local.set $d (v128.load (i32.add (local.get $z) (local.get $i))))
              (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load (i32.add (local.get $x0) (local.get $i))) (local.get $d))))
              (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load (i32.add (local.get $x1) (local.get $i))) (local.get $d))))
              (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load (i32.add (local.get $x2) (local.get $i))) (local.get $d))))
              (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load (i32.add (local.get $x3) (local.get $i))) (local.get $d))))
              (local.set $i (i32.add (local.get $i) (i32.const 16)))
              (br_if $inner (i32.lt_u (local.get $i) (local.get $rowBytes))))
            (f32.store (i32.add (local.get $dW) (i32.shl (i32.add (i32.mul (local.get $k) (local.get $M)) (local.get $j)) (i32.const 2)))
                       (call $sum4 (local.get $a0)))
            (f32.store (i32.add (local.get $dW) (i32.shl (i32.add (i32.mul (i32.add (local.get $k) (i32.const 1)) (local.get $M)) (local.get $j)) (i32.const 2)))
                       (call $sum4 (local.get $a1)))
            (f32.store (i32.add (local.get $dW) (i32.shl (i32.add (i32.mul (i32.add (local.get $k) (i32.const 2)) (local.get $M)) (local.get $j)) (i32.const 2)))
                       (call $sum4 (local.get $a2)))
            (f32.store (i32.add (local.get $dW) (i32.shl (i32.add (i32.mul (i32.add (local.get $k) (i32.const 3)) (local.get $M)) (local.get $j)) (i32.const 2)))
                       (call $sum4 (local.get $a3)))
            (local.set $k (i32.add (local.get $k) (i32.const 4)))
            (br $quads)))
        ;; the remaining rows one at a time
        (block $singlesDone
          (loop $singles
            (br_if $singlesDone (i32.ge_u (local.get $k) (local.get $K)))
            (local.set $x0 (i32.add (local.get $X) (i32.mul (local.get $k) (local.get $rowBytes))))
            (local.set $a0 (v128.const f32x4 0 0 0 0))
            (local.set $i (i32.const 0))
            (loop $inner
              (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load (i32.add (local.get $x0) (local.get $i)))
                                                                  (v128.load (i32.add (local.get $z) (local.get $i))))))
              (local.set $i (i32.add (local.get $i) (i32.const 16)))
              (br_if $inner (i32.lt_u (local.get $i) (local.get $rowBytes))))
            (f32.store (i32.add (local.get $dW) (i32.shl (i32.add (i32.mul (local.get $k) (local.get $M)) (local.get $j)) (i32.const 2)))
                       (call $sum4 (local.get $a0)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $singles)))
        ;; the bias
        (local.set $a0 (v128.const f32x4 0 0 0 0))
        (local.set $i (i32.const 0))
        (loop $inner
          (local.set $a0 (f32x4.add (local.get $a0) (v128.load (i32.add (local.get $z) (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (br_if $inner (i32.lt_u (local.get $i) (local.get $rowBytes))))
        (f32.store (i32.add (local.get $db) (i32.shl (local.get $j) (i32.const 2))) (call $sum4 (local.get $a0)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $columns))))

  ;; The gradient of a GAN loss with respect to the logits v: dV[i] = (wNeg·σ(−v) + wPos·σ(v))·scale
  ;; for i < count, 0 for the padding up to the next multiple of 4. Both sigmoids come from
  ;; e = e^(−|v|) (σ(|v|) = 1/(1 + e), σ(−|v|) = e/(1 + e)), so neither loses digits to 1 − σ.
  ;;   discriminator, real logits: wNeg = −α, wPos = 1 − α (α the real label); fake logits: 0, 1
  ;;   generator, non-saturating: −1, 0; minimax: 0, −1. scale = 1/batch.
  (func (export "logitGradient")
    (param $V i32) (param $dV i32) (param $count i32) (param $wNeg f32) (param $wPos f32) (param $scale f32)
    (local $i i32) (local $v v128) (local $e v128) (local $d v128) (local $large v128) (local $small v128)
    (local $positive v128) (local $result v128)
    (local.set $i (i32.const 0))
    (block $done
      (loop $each
        (br_if $done (i32.ge_s (local.get $i) (local.get $count)))
        (local.set $v (v128.load (i32.add (local.get $V) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $e (call $exp (f32x4.neg (f32x4.abs (local.get $v)))))
        (local.set $d (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $e)))
        (local.set $large (f32x4.div (v128.const f32x4 1 1 1 1) (local.get $d)))
        (local.set $small (f32x4.div (local.get $e) (local.get $d)))
        (local.set $positive (f32x4.ge (local.get $v) (v128.const f32x4 0 0 0 0)))
        (local.set $result
          (f32x4.mul
            (f32x4.add (f32x4.mul (f32x4.splat (local.get $wNeg)) (v128.bitselect (local.get $small) (local.get $large) (local.get $positive)))
                       (f32x4.mul (f32x4.splat (local.get $wPos)) (v128.bitselect (local.get $large) (local.get $small) (local.get $positive))))
            (f32x4.splat (local.get $scale))))
        ;; lanes at or past count are padding: 0
        (v128.store (i32.add (local.get $dV) (i32.shl (local.get $i) (i32.const 2)))
          (v128.and (local.get $result)
                    (i32x4.lt_s (i32x4.add (i32x4.splat (local.get $i)) (v128.const i32x4 0 1 2 3)) (i32x4.splat (local.get $count)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $each))))

  ;; Σ x² over count floats (a multiple of 4): the squared gradient norm.
  (func (export "sumOfSquares") (param $x i32) (param $count i32) (result f32)
    (local $end i32) (local $a v128) (local $v v128)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $a (v128.const f32x4 0 0 0 0))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $v (v128.load (local.get $x)))
        (local.set $a (f32x4.add (local.get $a) (f32x4.mul (local.get $v) (local.get $v))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (br $each)))
    (call $sum4 (local.get $a)))

  ;; SGD as TensorFlow.js's SGDOptimizer: w ← (−lr)·g + w, over count floats (a multiple of 4).
  (func (export "sgd") (param $w i32) (param $g i32) (param $count i32) (param $negativeRate f32)
    (local $end i32) (local $c v128)
    (local.set $end (i32.add (local.get $w) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $c (f32x4.splat (local.get $negativeRate)))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
        (v128.store (local.get $w) (f32x4.add (f32x4.mul (local.get $c) (v128.load (local.get $g))) (v128.load (local.get $w))))
        (local.set $w (i32.add (local.get $w) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (br $each))))

  ;; Momentum as TensorFlow.js's MomentumOptimizer (not Nesterov): a ← μ·a + g; w ← (−lr)·a + w.
  (func (export "momentum") (param $w i32) (param $g i32) (param $acc i32) (param $count i32) (param $negativeRate f32) (param $mu f32)
    (local $end i32) (local $c v128) (local $m v128) (local $a v128)
    (local.set $end (i32.add (local.get $w) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $c (f32x4.splat (local.get $negativeRate)))
    (local.set $m (f32x4.splat (local.get $mu)))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
        (local.set $a (f32x4.add (f32x4.mul (local.get $m) (v128.load (local.get $acc))) (v128.load (local.get $g))))
        (v128.store (local.get $acc) (local.get $a))
        (v128.store (local.get $w) (f32x4.add (f32x4.mul (local.get $c) (local.get $a)) (v128.load (local.get $w))))
        (local.set $w (i32.add (local.get $w) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $acc (i32.add (local.get $acc) (i32.const 16)))
        (br $each))))

  ;; Adam as TensorFlow.js's AdamOptimizer (tfjs-core 4.22, adam_optimizer.js), operation for
  ;; operation: m ← m·β₁ + g·(1 − β₁); v ← v·β₂ + g²·(1 − β₂);
  ;; w ← (m/(1 − β₁ᵗ)) / (√(v/(1 − β₂ᵗ)) + ε) · (−lr) + w. The caller passes 1 − β₁ᵗ and 1 − β₂ᵗ
  ;; as float32, computed as TensorFlow.js does (its accumulated powers are float32 variables).
  (func (export "adam")
    (param $w i32) (param $g i32) (param $m i32) (param $v i32) (param $count i32)
    (param $beta1 f32) (param $oneMinusBeta1 f32) (param $beta2 f32) (param $oneMinusBeta2 f32)
    (param $oneMinusPower1 f32) (param $oneMinusPower2 f32) (param $epsilon f32) (param $negativeRate f32)
    (local $end i32) (local $gv v128) (local $mv v128) (local $vv v128)
    (local.set $end (i32.add (local.get $w) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
        (local.set $gv (v128.load (local.get $g)))
        (local.set $mv (f32x4.add (f32x4.mul (v128.load (local.get $m)) (f32x4.splat (local.get $beta1)))
                                  (f32x4.mul (local.get $gv) (f32x4.splat (local.get $oneMinusBeta1)))))
        (local.set $vv (f32x4.add (f32x4.mul (v128.load (local.get $v)) (f32x4.splat (local.get $beta2)))
                                  (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (f32x4.splat (local.get $oneMinusBeta2)))))
        (v128.store (local.get $m) (local.get $mv))
        (v128.store (local.get $v) (local.get $vv))
        (v128.store (local.get $w)
          (f32x4.add
            (f32x4.mul
              (f32x4.div (f32x4.div (local.get $mv) (f32x4.splat (local.get $oneMinusPower1)))
                         (f32x4.add (f32x4.sqrt (f32x4.div (local.get $vv) (f32x4.splat (local.get $oneMinusPower2))))
                                    (f32x4.splat (local.get $epsilon))))
              (f32x4.splat (local.get $negativeRate)))
            (v128.load (local.get $w))))
        (local.set $w (i32.add (local.get $w) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $v (i32.add (local.get $v) (i32.const 16)))
        (br $each)))))
