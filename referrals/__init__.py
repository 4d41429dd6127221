"""Referrals (issue 6): every kind of referral prepared from a case (referrals/kinds.py), the
official NRM / Duty to Notify form as data and the answer sheet built from a case
(referrals/official/), the documents of the other kinds, handovers between organisations on
Signpost, and the deadlines of what comes back."""
