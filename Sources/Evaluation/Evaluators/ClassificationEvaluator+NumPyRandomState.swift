extension ClassificationEvaluator {
    /// numpy's legacy `np.random.RandomState(seed)` (MT19937) as far as `shuffle` needs it, so the
    /// undersampling picks MTEB's exact indices.
    ///
    /// Seeding is MT19937's `init_genrand` (numpy's `mt19937_seed` for an integer seed); `shuffle` is numpy's
    /// Fisher-Yates, from the last position down to 1, swapping with `random_interval(i)`: 32-bit outputs
    /// masked to the smallest all-ones mask ≥ i, redrawn while above i.
    struct NumPyRandomState {
        private var key = [UInt32](repeating: 0, count: 624)
        private var position = 624

        /// The state `RandomState(seed)` starts from.
        init(seed: UInt32) {
            var s = seed
            for i in 0..<624 {
                key[i] = s
                s = 1_812_433_253 &* (s ^ (s >> 30)) &+ UInt32(i + 1)
            }
        }

        /// The next tempered 32-bit output (`genrand_int32`).
        mutating func nextUInt32() -> UInt32 {
            if position == 624 { twist() }
            var y = key[position]
            position += 1
            y ^= y >> 11
            y ^= (y << 7) & 0x9D2C_5680
            y ^= (y << 15) & 0xEFC6_0000
            y ^= y >> 18
            return y
        }

        /// Regenerates the 624 words of state.
        private mutating func twist() {
            for i in 0..<624 {
                let y = (key[i] & 0x8000_0000) | (key[(i + 1) % 624] & 0x7FFF_FFFF)
                key[i] = key[(i + 397) % 624] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908_B0DF : 0)
            }
            position = 0
        }

        /// A uniform integer in `0...max` by numpy's masked rejection (`random_interval`).
        mutating func interval(_ max: Int) -> Int {
            guard max > 0 else { return 0 }
            precondition(max <= Int(UInt32.max), "numpy draws 64-bit values above 2^32 - 1")
            var mask = UInt32(max)
            mask |= mask >> 1
            mask |= mask >> 2
            mask |= mask >> 4
            mask |= mask >> 8
            mask |= mask >> 16
            while true {
                let value = nextUInt32() & mask
                if value <= UInt32(max) { return Int(value) }
            }
        }

        /// Shuffles `items` in place as `RandomState.shuffle` does.
        mutating func shuffle<T>(_ items: inout [T]) {
            guard items.count > 1 else { return }
            for i in stride(from: items.count - 1, through: 1, by: -1) {
                items.swapAt(i, interval(i))
            }
        }
    }
}
