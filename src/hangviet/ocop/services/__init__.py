"""Every write of the OCOP programme: rounds, dossiers, council score sheets, recognition, certificates.

Each function checks who may act, owns its transaction, and records the state change (who, when, from, to).
Certificates keep Product.ocop_stars in step.

By sub-domain: `rounds`, `dossiers`, `scoring` (council sheets, outcome, the ministry's answer),
`certificates` (recognition, issue, revoke, expiry), `rules` (validity and score bands, no database).
Callers use the names re-exported here (`ocop.services.issue_certificate`).
"""

from hangviet.ocop.services._common import (
    CENT,
    CertificateAlreadyRevoked,
    InvalidTransition,
    NoRubric,
    NotEnoughSheets,
    RoundNotOpen,
    SheetAlreadySubmitted,
)
from hangviet.ocop.services.certificates import (
    expire_due_certificates,
    issue_certificate,
    notify_expiring_certificates,
    recognise_dossier,
    refresh_product_stars,
    revoke_certificate,
)
from hangviet.ocop.services.dossiers import (
    ATTACHMENT_TYPES,
    LOCAL_CRITERIA,
    add_attachment,
    can_see_dossier,
    commune_check,
    create_dossier,
    max_attachment_bytes,
    record_samples,
    start_evaluation,
    submit_dossier,
    update_dossier,
)
from hangviet.ocop.services.rounds import (
    RoundDetails,
    open_round,
    set_round_stage,
    update_round,
)
from hangviet.ocop.services.rules import (
    BAND_FLOORS,
    RECOGNISED_MIN_STARS,
    STAR_BANDS,
    VALIDITY_MONTHS,
    add_months,
    band_for_score,
    expiry_for,
    rating,
    stars_for_score,
)
from hangviet.ocop.services.scoring import (
    check_scores,
    ensure_council_member,
    finalise_scores,
    mean,
    outcome_of,
    record_ministry_result,
    save_sheet,
)

__all__ = [
    "ATTACHMENT_TYPES",
    "BAND_FLOORS",
    "CENT",
    "LOCAL_CRITERIA",
    "RECOGNISED_MIN_STARS",
    "STAR_BANDS",
    "VALIDITY_MONTHS",
    "CertificateAlreadyRevoked",
    "InvalidTransition",
    "NoRubric",
    "NotEnoughSheets",
    "RoundDetails",
    "RoundNotOpen",
    "SheetAlreadySubmitted",
    "add_attachment",
    "add_months",
    "band_for_score",
    "can_see_dossier",
    "check_scores",
    "commune_check",
    "create_dossier",
    "ensure_council_member",
    "expire_due_certificates",
    "expiry_for",
    "finalise_scores",
    "issue_certificate",
    "max_attachment_bytes",
    "mean",
    "notify_expiring_certificates",
    "open_round",
    "outcome_of",
    "rating",
    "recognise_dossier",
    "record_ministry_result",
    "record_samples",
    "refresh_product_stars",
    "revoke_certificate",
    "save_sheet",
    "set_round_stage",
    "stars_for_score",
    "start_evaluation",
    "submit_dossier",
    "update_dossier",
    "update_round",
]
