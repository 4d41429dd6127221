"""Referrals (issue 6): the official NRM / Duty to Notify form as data, the answer sheet built
from a case, and the deadlines of what comes back. The pure core only, so far."""
