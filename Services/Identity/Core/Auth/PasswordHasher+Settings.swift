import Passwords

extension PasswordHasher {
    /// At the installation's scrypt cost (IdentitySettings).
    public convenience init(settings: IdentitySettings, pool: HashingThreadPool = HashingThreadPool()) {
        self.init(log2N: settings.scryptLog2N, r: settings.scryptR, p: settings.scryptP, pool: pool)
    }
}
