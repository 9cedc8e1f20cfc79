/// The viridis colour map (perceptually uniform, readable with colour-vision deficiency and in greyscale).
enum Viridis {
    /// Samples of matplotlib's viridis at 0, 1/8, …, 1.
    static let stops: [(r: Double, g: Double, b: Double)] = [
        (0x44, 0x01, 0x54), (0x47, 0x2D, 0x7B), (0x3B, 0x52, 0x8B), (0x2C, 0x72, 0x8E), (0x21, 0x91, 0x8C),
        (0x28, 0xAE, 0x80), (0x5E, 0xC9, 0x62), (0xAD, 0xDC, 0x30), (0xFD, 0xE7, 0x25),
    ]

    /// The colour at `t` in 0…1 (clamped), as `#rrggbb`.
    static func color(_ t: Double) -> String {
        let x = (t.isFinite ? min(max(t, 0), 1) : 0) * Double(stops.count - 1)
        let i = min(Int(x), stops.count - 2), f = x - Double(i)
        let a = stops[i], b = stops[i + 1]
        func mix(_ u: Double, _ v: Double) -> Int { Int((u + (v - u) * f).rounded()) }
        return "#" + [mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b)].map { hex2($0) }.joined()
    }

    /// Whether text on the colour at `t` should be dark (light end of the map) rather than white.
    static func wantsDarkText(_ t: Double) -> Bool { t > 0.55 }

    private static func hex2(_ v: Int) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[(v >> 4) & 15], digits[v & 15]])
    }
}
