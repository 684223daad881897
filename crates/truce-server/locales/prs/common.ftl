# common messages (prs). Machine-drafted translations are marked for review.
