"""The Local Offer directory: Open Referral UK import, SEND mapping, publishing and wording."""
