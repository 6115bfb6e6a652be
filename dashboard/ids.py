"""Component ids, in one place so layout, callbacks and browser tests agree."""

import json

# Stores (kept in the user's own browser)
STATE = "state-store"
SCENARIOS = "scenarios-store"
GROUP = "group-store"
PAGE_TITLES = "page-titles"  # each page's <title>, in the user's language
PENDING_COUNTS = "pending-counts"  # counts as typed, until a page is built with them
LANG = "lang-store"

# Header
RULESET_BADGE = "ruleset-badge"
URL = "url"
NAV = "nav"  # pattern: {"type": NAV, "page": path}
PAGE = "page"  # pattern: {"type": PAGE, "page": path}
MAIN = "main"
STATE_NOTICE = "state-notice"  # says when what the browser kept had to be repaired
# A page's changes to the user's state, copied to STATE by one relay (see layout.build_page).
STATE_CHANGE = "state-change"  # pattern: {"type": STATE_CHANGE, "page": path}


def lang_link(code: str) -> str:
    """The id of the header link that switches to language ``code``."""
    return f"lang-{code}"


def state_change(page: str) -> dict[str, str]:
    """The id of the store where ``page``'s callbacks write the user's next state."""
    return {"type": STATE_CHANGE, "page": page}


# Self-assessment
ANSWER = "answer"  # pattern: {"type": ANSWER, "question": id}
GROUP_PANEL = "group-panel"  # pattern: {"type": GROUP_PANEL, "factor": id}
QUESTIONS = "questions"  # holds the group panels
CONFIDENCE = "confidence"  # pattern: {"type": CONFIDENCE, "factor": id}
DECISIVE_FIRST = "decisive-first"
DECISIVE_LIST = "decisive-list"
DECISIVE_LINK = "decisive-link"  # pattern: {"type": DECISIVE_LINK, "question": id}
GROUP_BUTTON = "group-button"  # pattern: {"type": GROUP_BUTTON, "factor": id}
PREVIOUS_GROUP = "previous-group"
NEXT_GROUP = "next-group"
PROGRESS = "progress"
PROGRESS_TEXT = "progress-text"
RESET = "reset"
RESET_CONFIRM = "reset-confirm"
UNDO = "undo"
UNDO_BAR = "undo-bar"
UNDO_STORE = "undo-store"
ANSWER_MESSAGE = "answer-message"  # pattern: {"type": ANSWER_MESSAGE, "question": id}
OWN_NAME = "own-name"
PARTNER_NAME = "partner-name"
PARTNER_KIND = "partner-kind"
ADD_PARTNER = "add-partner"
REMOVE_PARTNER = "remove-partner"  # pattern: {"type": REMOVE_PARTNER, "index": i}
PARTNER_LIST = "partner-list"
PARTNER_MESSAGE = "partner-message"

# Advice
WEIGHT = "weight"  # pattern: {"type": WEIGHT, "theme": id}
WEIGHT_VALUE = "weight-value"  # pattern: {"type": WEIGHT_VALUE, "theme": id}
DEFAULT_WEIGHTS = "default-weights"
ADVICE_MISSING = "advice-missing"
ADVICE_BODY = "advice-body"
RANKING = "ranking"
TRADEOFF = "tradeoff-graph"
CHART_PNG = "chart-png"  # pattern: {"type": CHART_PNG, "graph": graph id, "file": file name}
# A chart's box: the chart is put in when there is a figure to draw (an empty dcc.Graph
# still draws an empty grid, hidden or not).
TRADEOFF_BOX = "tradeoff-box"
ACCEPTABILITY_BOX = "acceptability-box"
WATERFALL_BOX = "waterfall-box"
FLIPS_BOX = "flips-box"
NETWORK_BOX = "network-box"
# The chart of a box below the trade-off chart waits here until that chart has been drawn.
LATER_CHART = "later-chart"  # pattern: {"type": LATER_CHART, "box": box id}
LATER_BOXES = (ACCEPTABILITY_BOX, WATERFALL_BOX, FLIPS_BOX)


def later_chart(box: str) -> dict[str, str]:
    """The id of the store where ``box``'s chart waits to be drawn."""
    return {"type": LATER_CHART, "box": box}


WATERFALL_FORM = "waterfall-form"
WATERFALL = "waterfall-graph"
WATERFALL_LIST = "waterfall-list"
TRADEOFF_SUMMARY = "tradeoff-summary"
FLIPS = "flips-graph"
FLIPS_TEXT = "flips-text"
ROUTE = "advice-route"
#: The weight sliders' step: weights from choices may lie between two steps.
WEIGHT_STEP = 0.25
PREFS_BOX = "prefs-box"
PREFS_PROGRESS = "prefs-progress"
PREFS_CHOICE = "prefs-choice"
PREFS_UNDO = "prefs-undo"
PREFS_REVISE = "prefs-revise"
ACCEPTABILITY = "acceptability-graph"
FIRMNESS_TEXT = "firmness-text"

# Network
NETWORK_FORM = "network-form"
NETWORK_GRAPH = "network-graph"
NETWORK_INFO = "network-info"
DOWNLOAD_PNG = "download-png"
DOWNLOAD_GRAPHML = "download-graphml"
NETWORK_DOWNLOAD = "network-download"

# Scenarios
SCENARIO_NAME = "scenario-name"
SAVE_SCENARIO = "save-scenario"
SCENARIO_SELECT = "scenario-select"
SCENARIO_MESSAGE = "scenario-message"
SCENARIO_COMPARE = "scenario-compare"
SCENARIO_LIST = "scenario-list"
OVERWRITE_CONFIRM = "overwrite-confirm"
DELETE_SCENARIO = "delete-scenario"  # pattern: {"type": DELETE_SCENARIO, "name": name}
LOAD_SCENARIO = "load-scenario"  # pattern: {"type": LOAD_SCENARIO, "name": name}

# Export
DOWNLOAD_JSON = "download-json"
DOWNLOAD_REPORT = "download-report"
EXPORT_DOWNLOAD = "export-download"
UPLOAD = "upload"
UPLOAD_MESSAGE = "upload-message"
UPLOAD_CHECKED = "upload-checked"
DOSSIER_CONFIRM = "dossier-confirm"  # asks before a dossier replaces the answers
CLIENT_TEXTS = "client-texts"
DOWNLOAD_PDF = "download-pdf"
ADVICE_NOTICE = "advice-notice"

# Samen invullen (board sessions)
SESSION = "session-store"  # the browser's own facilitator key and member token
TOGETHER_TITLE = "together-title"
TOGETHER_ANONYMOUS = "together-anonymous"
TOGETHER_CREATE = "together-create"
TOGETHER_KEY = "together-key"
TOGETHER_RESUME = "together-resume"
TOGETHER_CODE = "together-code"
TOGETHER_NAME = "together-name"
TOGETHER_ORGANISATION = "together-organisation"
TOGETHER_JOIN = "together-join"
TOGETHER_MESSAGE = "together-message"
TOGETHER_START = "together-start"
TOGETHER_JOIN_PANEL = "together-join-panel"
TOGETHER_FACILITATOR = "together-facilitator"
TOGETHER_FACILITATOR_BODY = "together-facilitator-body"
TOGETHER_MEMBER = "together-member"
TOGETHER_MEMBER_BODY = "together-member-body"
TOGETHER_SUBMIT = "together-submit"
TOGETHER_REVEAL = "together-reveal"
TOGETHER_REVEAL_CONFIRM = "together-reveal-confirm"  # asks before the answers freeze
TOGETHER_EXPORT = "together-export"
TOGETHER_PDF = "together-pdf"
TOGETHER_DELETE = "together-delete"
TOGETHER_LEAVE = "together-leave"
TOGETHER_REFRESH = "together-refresh"
TOGETHER_POLL = "together-poll"
TOGETHER_RESULT = "together-result"
TOGETHER_DOWNLOAD = "together-download"


def dom_id(component_id: dict[str, str]) -> str:
    """The DOM id Dash gives a pattern-matching id (sorted, compact JSON), for ``htmlFor``."""
    return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
