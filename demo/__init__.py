"""Demo seeding: the top layer, above every app whose records it creates (docs/conventions.md).

It holds only the `seed_demo` command; the records themselves are made by each app's own demo
module (`accounts.demo` for the cast, `referrals.demo` for cases and referrals).
"""
