// Labels in English and Hindi. The language is remembered in localStorage ("sanchika.lang").
const L = {
  app: ["Sanchika", "संचिका"],
  tagline: ["Scanned files, searchable", "स्कैन फ़ाइलें, खोजने योग्य"],
  skip: ["Skip to content", "मुख्य भाग पर जाएँ"],
  lang_switch: ["हिन्दी", "English"],
  lang_switch_label: ["Switch to Hindi", "अंग्रेज़ी में बदलें"],
  logout: ["Log out", "लॉग आउट"],
  login: ["Log in", "लॉग इन"],
  login_title: ["Log in to Sanchika", "संचिका में लॉग इन करें"],
  username: ["User name", "उपयोगकर्ता नाम"],
  password: ["Password", "पासवर्ड"],
  login_failed: ["Wrong user name or password.", "उपयोगकर्ता नाम या पासवर्ड गलत है।"],
  role_operator: ["Operator", "ऑपरेटर"],
  role_department: ["Department", "विभाग"],
  role_admin: ["Admin", "व्यवस्थापक"],
  nav_upload: ["New batch", "नया बैच"],
  nav_batches: ["Batches", "बैच"],
  nav_review: ["Review", "समीक्षा"],
  nav_search: ["Search", "खोज"],
  nav_queues: ["Queues", "कतारें"],
  nav_report: ["Report", "रिपोर्ट"],
  nav_users: ["Users", "उपयोगकर्ता"],
  nav_audit: ["Audit log", "ऑडिट लॉग"],
  nav_files: ["Digital files", "डिजिटल फ़ाइलें"],
  loading: ["Loading…", "लोड हो रहा है…"],
  not_found: ["Not found", "नहीं मिला"],
  not_found_doc: ["No such document, or you may not see it.", "ऐसा कोई दस्तावेज़ नहीं है, या आप इसे नहीं देख सकते।"],
  forbidden: ["Your role may not open this page.", "आपकी भूमिका यह पृष्ठ नहीं खोल सकती।"],
  error: ["Something went wrong", "कुछ गलत हो गया"],
  prev: ["Previous", "पिछला"],
  next: ["Next", "अगला"],
  page_n: ["Page", "पृष्ठ"],
  pages: ["Pages", "पृष्ठ"],
  documents: ["Documents", "दस्तावेज़"],
  department: ["Department", "विभाग"],
  all_departments: ["All my departments", "मेरे सभी विभाग"],
  file_number: ["File number", "फ़ाइल क्रमांक"],
  date_from: ["From", "से"],
  date_to: ["To", "तक"],
  name: ["Name", "नाम"],
  status: ["Status", "स्थिति"],
  confidence: ["Confidence", "विश्वास"],
  created: ["Created", "बनाया"],
  finished: ["Finished", "पूरा हुआ"],
  operator: ["Operator", "ऑपरेटर"],
  files: ["Files", "फ़ाइलें"],
  open: ["Open", "खोलें"],
  none: ["None", "कोई नहीं"],
  unknown: ["Unknown", "अज्ञात"],
  // operator: upload
  upload_title: ["New batch", "नया बैच"],
  batch_name: ["Batch name", "बैच का नाम"],
  batch_name_hint: ["e.g. Almirah 7, shelf 2", "उदा. अलमारी 7, खाना 2"],
  hint_department: ["Department (optional)", "विभाग (वैकल्पिक)"],
  hint_file: ["File number (optional)", "फ़ाइल क्रमांक (वैकल्पिक)"],
  hint_location: ["Physical location — box / almirah (optional)", "भौतिक स्थान — बॉक्स / अलमारी (वैकल्पिक)"],
  hint_location_eg: ["e.g. Almirah 7, shelf 2", "उदा. अलमारी 7, खाना 2"],
  hints: ["Hints", "संकेत"],
  location: ["Location", "स्थान"],
  drop_here: ["Drop scans, a folder or a ZIP here", "स्कैन, फ़ोल्डर या ZIP यहाँ छोड़ें"],
  drop_or: ["or", "या"],
  choose_files: ["Choose files", "फ़ाइलें चुनें"],
  choose_folder: ["Choose a folder", "फ़ोल्डर चुनें"],
  accepted: ["PDF, TIFF, PNG, JPEG or ZIP. Large files are sent in parts and resume after a dropped connection.",
    "PDF, TIFF, PNG, JPEG या ZIP। बड़ी फ़ाइलें हिस्सों में जाती हैं और कनेक्शन टूटने पर वहीं से आगे बढ़ती हैं।"],
  selected: ["Selected files", "चुनी गई फ़ाइलें"],
  remove: ["Remove", "हटाएँ"],
  size: ["Size", "आकार"],
  start_upload: ["Upload and start", "अपलोड करें और शुरू करें"],
  uploading: ["Uploading", "अपलोड हो रहा है"],
  waiting: ["Waiting", "प्रतीक्षा में"],
  uploaded: ["Uploaded", "अपलोड हो गया"],
  retrying: ["Connection lost — retrying", "कनेक्शन टूटा — फिर से कोशिश"],
  upload_failed: ["Upload failed", "अपलोड विफल"],
  no_files: ["Choose at least one file.", "कम से कम एक फ़ाइल चुनें।"],
  creating_batch: ["Creating the batch…", "बैच बनाया जा रहा है…"],
  // batches
  batches_title: ["Batches", "बैच"],
  batch: ["Batch", "बैच"],
  st_queued: ["Queued", "कतार में"],
  st_running: ["Running", "चल रहा है"],
  st_processing: ["Reading", "पढ़ा जा रहा है"],
  st_done: ["Done", "पूर्ण"],
  st_duplicate: ["Duplicate", "दोहराव"],
  st_failed: ["Failed", "विफल"],
  pages_done: ["Pages read", "पढ़े गए पृष्ठ"],
  pages_per_min: ["Pages per minute", "पृष्ठ प्रति मिनट"],
  eta: ["Time left", "शेष समय"],
  eta_done: ["Finished", "पूरा"],
  estimating: ["estimating…", "अनुमान लगाया जा रहा है…"],
  under_a_minute: ["under a minute", "एक मिनट से कम"],
  failed_files: ["Failed files", "विफल फ़ाइलें"],
  retry_failed: ["Queue failed files again", "विफल फ़ाइलें फिर से कतार में डालें"],
  retried: ["Queued again", "फिर से कतार में"],
  not_retryable: ["Cannot be re-run — upload a new copy", "फिर से नहीं चल सकती — नई प्रति अपलोड करें"],
  rescan_pages: ["Pages to rescan", "फिर से स्कैन करने वाले पृष्ठ"],
  duplicate_of: ["same as", "इसके समान"],
  no_batches: ["No batches yet.", "अभी कोई बैच नहीं।"],
  // review
  review_title: ["Review queue", "समीक्षा कतार"],
  docs_needing_review: ["Documents needing review", "समीक्षा वाले दस्तावेज़"],
  pages_to_look_at: ["Pages to check or rescan", "जाँचने या दोबारा स्कैन करने वाले पृष्ठ"],
  review_docs: ["Documents to check", "जाँचने वाले दस्तावेज़"],
  review_empty: ["Nothing to review.", "समीक्षा के लिए कुछ नहीं।"],
  reason_unknown: ["Department unknown", "विभाग अज्ञात"],
  reason_low_confidence: ["Low confidence", "कम विश्वास"],
  correct_department: ["Correct department", "सही विभाग"],
  approve: ["Approve", "स्वीकृत करें"],
  approved: ["Approved", "स्वीकृत"],
  choose_department: ["Choose a department", "विभाग चुनें"],
  recognised_text: ["Recognised text", "पहचाना गया पाठ"],
  select_document: ["Choose an item from the list.", "सूची से कोई प्रविष्टि चुनें।"],
  suggestions: ["Suggestions", "सुझाव"],
  review_items: ["To check", "जाँचने के लिए"],
  review_pages: ["Pages read badly", "कमज़ोर पढ़े गए पृष्ठ"],
  review_boundaries: ["Document boundaries to check", "जाँचने वाली दस्तावेज़ सीमाएँ"],
  reason_boundary_uncertain: ["Uncertain document boundary", "अनिश्चित दस्तावेज़ सीमा"],
  correct_file_number: ["Correct file number", "सही फ़ाइल क्रमांक"],
  file_number_required: ["Enter the file number: it cannot be removed, only corrected.", "फ़ाइल क्रमांक लिखें: इसे हटाया नहीं, केवल सुधारा जा सकता है।"],
  approve_note: ["A changed department or file number is saved as a correction (who and when); Approve marks the document as checked and takes it out of the queue.",
    "बदला गया विभाग या फ़ाइल क्रमांक सुधार के रूप में (किसने, कब) सहेजा जाता है; स्वीकृत करने पर दस्तावेज़ जाँचा हुआ माना जाता है और कतार से हट जाता है।"],
  approve_failed: ["Could not approve", "स्वीकृत नहीं हो सका"],
  warning: ["Note", "ध्यान दें"],
  part_n: ["Part", "भाग"],
  quality: ["Quality", "गुणवत्ता"],
  prev_page: ["Previous page", "पिछला पृष्ठ"],
  next_page: ["Next page", "अगला पृष्ठ"],
  // rescan and replace
  replace_page: ["Replace with a new scan", "नए स्कैन से बदलें"],
  replace_page_n: ["Replace page", "पृष्ठ बदलें"],
  replacing: ["Reading the new scan…", "नया स्कैन पढ़ा जा रहा है…"],
  replaced: ["Replaced: the page was read again", "बदल दिया गया: पृष्ठ फिर से पढ़ा गया"],
  replace_failed: ["Could not replace the page", "पृष्ठ नहीं बदला जा सका"],
  reason_needs_rescan: ["Rescan needed", "फिर से स्कैन करें"],
  replace_sending: ["Sending the new scan…", "नया स्कैन भेजा जा रहा है…"],
  rs_marked: ["Marked for rescan", "दोबारा स्कैन के लिए चिह्नित"],
  rs_queued: ["Queued: waiting for a reader…", "कतार में: रीडर की प्रतीक्षा…"],
  rs_reading: ["Reading the new scan…", "नया स्कैन पढ़ा जा रहा है…"],
  rs_rebuilding: ["Rebuilding the document…", "दस्तावेज़ फिर से बनाया जा रहा है…"],
  rs_done: ["Replaced", "बदल दिया गया"],
  rs_failed: ["Could not replace the page", "पृष्ठ नहीं बदला जा सका"],
  rs_cancelled: ["Taken off the list", "सूची से हटाया गया"],
  mark_rescan: ["Mark for rescan", "दोबारा स्कैन के लिए चिह्नित करें"],
  rescan_reason: ["Why rescan", "दोबारा स्कैन क्यों"],
  rescan_reason_eg: ["e.g. torn, cut off, blurred", "उदा. फटा, कटा, धुंधला"],
  rescan_marked: ["Marked for rescan", "दोबारा स्कैन के लिए चिह्नित"],
  nav_rescans: ["Rescans", "दोबारा स्कैन"],
  rescans_title: ["Pages to rescan", "दोबारा स्कैन करने वाले पृष्ठ"],
  rescans_none: ["No pages to rescan.", "दोबारा स्कैन के लिए कोई पृष्ठ नहीं।"],
  print: ["Print", "प्रिंट करें"],
  take_off: ["Take off the list", "सूची से हटाएँ"],
  marked_by: ["Marked by", "चिह्नित किया"],
  kind_marked: ["Marked", "चिह्नित"],
  kind_failed: ["Not readable", "पढ़ा नहीं जा सका"],
  kind_needs_rescan: ["Read too badly", "बहुत कमज़ोर पढ़ा गया"],
  rescans_printed: ["Printed", "मुद्रित"],
  reason_needs_review: ["Check the reading", "पढ़ाई जाँचें"],
  // search
  search_title: ["Search documents", "दस्तावेज़ खोजें"],
  search_label: ["Words in Hindi or English", "हिन्दी या अंग्रेज़ी में शब्द"],
  search_button: ["Search", "खोजें"],
  results: ["Results", "परिणाम"],
  no_results: ["No pages match.", "कोई पृष्ठ नहीं मिला।"],
  also_matched: ["Also matched", "इन शब्दों से भी खोजा"],
  search_exact: ["Only the words as typed", "केवल लिखे गए शब्द"],
  thumbnail_of: ["Page image", "पृष्ठ छवि"],
  // document
  metadata: ["Details", "विवरण"],
  digital_file: ["Digital file", "डिजिटल फ़ाइल"],
  download_pdf: ["Download searchable PDF", "खोजने योग्य PDF डाउनलोड करें"],
  doc_date: ["Date", "दिनांक"],
  subject: ["Subject", "विषय"],
  read_by: ["Read by", "पढ़ा गया"],
  corrections: ["Corrections", "सुधार"],
  file_title: ["Digital file", "डिजिटल फ़ाइल"],
  in_order: ["Documents in order", "क्रम से दस्तावेज़"],
  // digital files (e-Office view)
  files_title: ["Digital files", "डिजिटल फ़ाइलें"],
  files_q: ["File number or subject", "फ़ाइल क्रमांक या विषय"],
  no_files_found: ["No digital files.", "कोई डिजिटल फ़ाइल नहीं।"],
  title: ["Title", "शीर्षक"],
  volume: ["Volume", "खंड"],
  notesheet_side: ["Notesheet (noting)", "नोटशीट (टिप्पणी)"],
  correspondence_side: ["Correspondence", "पत्राचार"],
  no_notes: ["No notesheet pages were found in this file.", "इस फ़ाइल में कोई नोटशीट पृष्ठ नहीं मिला।"],
  no_correspondence: ["No correspondence was found in this file.", "इस फ़ाइल में कोई पत्राचार नहीं मिला।"],
  excluded_pages: ["Blank, separator or unread pages not shown", "खाली, विभाजक या न पढ़े गए पृष्ठ नहीं दिखाए गए"],
  pages_short: ["pp.", "पृ."],
  why: ["Why", "क्यों"],
  part_needs_review: ["Check this part", "यह भाग जाँचें"],
  export_efile: ["Export eFile package", "ई-फ़ाइल पैकेज निर्यात करें"],
  exporting: ["Preparing the package…", "पैकेज तैयार हो रहा है…"],
  exported: ["Package downloaded", "पैकेज डाउनलोड हो गया"],
  prole_cover: ["Cover", "आवरण"],
  prole_notesheet: ["Notesheet", "नोटशीट"],
  prole_receipt: ["Receipt", "प्राप्त पत्र (आवती)"],
  prole_issue: ["Issue", "जारी पत्र (जावक)"],
  prole_order: ["Order", "आदेश"],
  prole_annexure: ["Annexure", "संलग्नक"],
  prole_blank: ["Blank", "खाली"],
  prole_separator: ["Separator", "विभाजक"],
  // admin
  queues_title: ["Queues", "कतारें"],
  mode: ["Mode", "मोड"],
  workers_online: ["Workers online", "सक्रिय वर्कर"],
  pages_waiting: ["Pages waiting", "प्रतीक्षारत पृष्ठ"],
  docs_running: ["Documents in progress", "प्रगति में दस्तावेज़"],
  pages_last_hour: ["Pages read, last hour", "पिछले घंटे पढ़े पृष्ठ"],
  failures_last_hour: ["Failures, last hour", "पिछले घंटे विफलताएँ"],
  failed_docs: ["Failed documents", "विफल दस्तावेज़"],
  queue_depth: ["Queue depth", "कतार की लंबाई"],
  pages_per_hour: ["Pages per hour, last 24 hours", "पिछले 24 घंटों में प्रति घंटे पृष्ठ"],
  recent_batches: ["Recent batches", "हाल के बैच"],
  fixity_title: ["Fixity check (last sanchika verify)", "अखंडता जाँच (पिछला sanchika verify)"],
  fixity_never: ["No verify run yet: run `sanchika verify` (docs/fixity.md).", "अभी तक कोई जाँच नहीं हुई: `sanchika verify` चलाएँ (docs/fixity.md)।"],
  fixity_when: ["Finished", "समाप्त"],
  fixity_checked: ["Objects checked", "जाँची गई वस्तुएँ"],
  fixity_ok: ["Intact", "सुरक्षित"],
  fixity_mismatched: ["Damaged", "क्षतिग्रस्त"],
  fixity_missing: ["Missing", "लुप्त"],
  fixity_unreferenced: ["Unknown to the database", "डेटाबेस में अज्ञात"],
  report_title: ["Digitisation report", "डिजिटलीकरण रिपोर्ट"],
  show: ["Show", "दिखाएँ"],
  export_csv: ["Export CSV", "CSV निर्यात करें"],
  needs_review: ["Needs review", "समीक्षा आवश्यक"],
  review_share: ["Share needing review", "समीक्षा वाले का हिस्सा"],
  sheets_saved: ["Paper saved (sheets)", "बचाया गया कागज़ (शीट)"],
  sheets_note: ["One scanned page counts as one sheet; separator sheets are not counted. A file is closed on paper when every document of it is read, with no page failed or waiting for a rescan.",
    "एक स्कैन पृष्ठ = एक शीट; विभाजक शीट नहीं गिनी जातीं। कोई फ़ाइल कागज़ पर तब बंद मानी जाती है जब उसके सभी दस्तावेज़ पढ़ लिए गए हों और कोई पृष्ठ विफल या दोबारा स्कैन के लिए बाकी न हो।"],
  files_closed: ["Files closed on paper", "कागज़ पर बंद फ़ाइलें"],
  separator_pages: ["Separator pages", "विभाजक पृष्ठ"],
  per_department: ["Per department", "विभागवार"],
  per_week: ["Pages per week", "सप्ताहवार पृष्ठ"],
  week: ["Week", "सप्ताह"],
  per_week_table: ["Per week", "सप्ताहवार"],
  users_title: ["Users and roles", "उपयोगकर्ता और भूमिकाएँ"],
  role: ["Role", "भूमिका"],
  departments: ["Departments", "विभाग"],
  has_password: ["Web login", "वेब लॉगिन"],
  yes: ["Yes", "हाँ"],
  no: ["No", "नहीं"],
  state: ["State", "स्थिति"],
  active: ["Active", "सक्रिय"],
  disabled: ["Disabled", "निष्क्रिय"],
  tokens: ["Tokens", "टोकन"],
  actions: ["Actions", "कार्य"],
  edit: ["Edit", "बदलें"],
  edit_user: ["Edit user", "उपयोगकर्ता बदलें"],
  save: ["Save", "सहेजें"],
  cancel: ["Cancel", "रद्द करें"],
  saved: ["Saved", "सहेजा गया"],
  disable_user: ["Disable (log out everywhere)", "निष्क्रिय करें (हर जगह से लॉग आउट)"],
  user_disabled: ["Disabled: every token revoked, password removed. A password reset enables the user again.",
    "निष्क्रिय: सभी टोकन रद्द, पासवर्ड हटाया गया। पासवर्ड रीसेट करने पर उपयोगकर्ता फिर सक्रिय होगा।"],
  reset_password: ["Reset password", "पासवर्ड रीसेट करें"],
  new_password: ["New password (empty: generate one)", "नया पासवर्ड (खाली: अपने-आप बनाएँ)"],
  password_reset_done: ["Password set; the user's sessions are ended.", "पासवर्ड सेट; उपयोगकर्ता के सत्र समाप्त।"],
  password_generated: ["New password (shown once):", "नया पासवर्ड (केवल एक बार दिखेगा):"],
  delete_user: ["Delete user", "उपयोगकर्ता हटाएँ"],
  confirm_delete: ["Really delete this user? The audit log keeps the name.", "क्या सच में हटाएँ? ऑडिट लॉग में नाम बना रहेगा।"],
  yes_delete: ["Yes, delete", "हाँ, हटाएँ"],
  user_deleted: ["User deleted", "उपयोगकर्ता हटाया गया"],
  add_user: ["Add user", "उपयोगकर्ता जोड़ें"],
  user_added: ["User added. API token (shown once):", "उपयोगकर्ता जोड़ा गया। API टोकन (केवल एक बार दिखेगा):"],
  audit_title: ["Audit log", "ऑडिट लॉग"],
  when: ["When", "कब"],
  user: ["User", "उपयोगकर्ता"],
  action: ["Action", "कार्य"],
  target: ["Target", "लक्ष्य"],
  detail: ["Detail", "विवरण"],
  any: ["Any", "कोई भी"],
  filter: ["Filter", "छानें"],
  no_entries: ["No entries.", "कोई प्रविष्टि नहीं।"],
  replaced_by: ["replaced by", "इससे बदला गया:"],
  act_upload: ["Upload", "अपलोड"],
  act_view: ["View", "देखा"],
  act_download: ["Download", "डाउनलोड"],
  act_correct: ["Correction", "सुधार"],
  act_verify: ["Approved", "स्वीकृत"],
  act_search: ["Search", "खोज"],
  act_login: ["Login", "लॉगिन"],
  act_export: ["Export", "निर्यात"],
  act_admin: ["User admin", "उपयोगकर्ता प्रबंधन"],
  act_fixity: ["Fixity check", "अखंडता जाँच"],
  act_write_refused: ["Write refused", "लिखना अस्वीकृत"],
  tt_batch: ["Batch", "बैच"],
  tt_document: ["Document", "दस्तावेज़"],
  tt_file: ["File", "फ़ाइल"],
  tt_files: ["Files", "फ़ाइलें"],
  tt_query: ["Query", "खोज"],
  tt_user: ["User", "उपयोगकर्ता"],
  tt_report: ["Report", "रिपोर्ट"],
  tt_store: ["Store", "भंडार"],
  tt_object: ["Object", "वस्तु"],
  audit_f_department: ["Department", "विभाग"],
  audit_f_file_number: ["File number", "फ़ाइल क्रमांक"],
  error_detail: ["Technical detail (English)", "तकनीकी विवरण (अंग्रेज़ी में)"],
};

// Errors in plain words, by the API's error code (docs/errors.md); the server's message follows.
const ERRORS = {
  "input.empty": ["The file is empty (0 bytes). Copy it again from the scanner.", "फ़ाइल खाली है (0 बाइट)। स्कैनर से फिर कॉपी करें।"],
  "input.corrupt": ["The file is damaged and cannot be opened. Scan or copy it again.", "फ़ाइल खराब है, खुल नहीं रही। फिर से स्कैन या कॉपी करें।"],
  "input.unreadable": ["The file cannot be read. Copy it again.", "फ़ाइल पढ़ी नहीं जा सकती। फिर से कॉपी करें।"],
  "input.encrypted": ["The PDF is locked with a password. Remove the password and upload it again.", "PDF पासवर्ड से बंद है। पासवर्ड हटाकर फिर अपलोड करें।"],
  "input.unsupported": ["This is not a scan. Only PDF, TIFF, PNG, JPEG or ZIP files are read.", "यह स्कैन नहीं है। केवल PDF, TIFF, PNG, JPEG या ZIP पढ़ी जाती हैं।"],
  "input.too_large": ["The file is too large. Split it into smaller files.", "फ़ाइल बहुत बड़ी है। इसे छोटी फ़ाइलों में बाँटें।"],
  "input.unsafe_archive": ["The ZIP is unsafe. Unpack it and upload the files.", "ZIP असुरक्षित है। इसे खोलकर फ़ाइलें अपलोड करें।"],
  "input.no_pages": ["The file has no pages.", "फ़ाइल में कोई पृष्ठ नहीं है।"],
  "page.timeout": ["Reading this page took too long. Rescan it more clearly.", "यह पृष्ठ पढ़ने में बहुत समय लगा। इसे साफ़ स्कैन करें।"],
  "page.unreadable": ["This page could not be read. Rescan it.", "यह पृष्ठ पढ़ा नहीं जा सका। फिर से स्कैन करें।"],
  "worker.crashed": ["The reader stopped on this file. Queue it again.", "इस फ़ाइल पर रीडर रुक गया। फिर से कतार में डालें।"],
  "transient.storage": ["Storage was briefly unreachable. Queue it again.", "स्टोरेज कुछ देर उपलब्ध नहीं था। फिर से कतार में डालें।"],
  "transient.checksum": ["The copy was damaged in transit. Queue it again.", "कॉपी रास्ते में खराब हुई। फिर से कतार में डालें।"],
  "dependency.missing": ["The server is missing a component. Tell the administrator.", "सर्वर में एक घटक नहीं है। व्यवस्थापक को बताएँ।"],
  "dependency.tesseract_failed": ["The text reader failed on this page. Tell the administrator, then rescan the page.", "इस पृष्ठ पर पाठ-पाठक विफल हुआ। व्यवस्थापक को बताएँ, फिर पृष्ठ दोबारा स्कैन करें।"],
  "dependency.database": ["The database cannot be reached. Tell the administrator.", "डेटाबेस से संपर्क नहीं हो रहा। व्यवस्थापक को बताएँ।"],
  "dependency.broker": ["The work queue cannot be reached. Tell the administrator.", "कार्य-कतार से संपर्क नहीं हो रहा। व्यवस्थापक को बताएँ।"],
  "dependency.storage": ["The file store cannot be reached. Tell the administrator.", "फ़ाइल भंडार से संपर्क नहीं हो रहा। व्यवस्थापक को बताएँ।"],
  "input.missing": ["The file was not found.", "फ़ाइल नहीं मिली।"],
  "input.interrupted": ["The upload stopped before the file was stored. Upload it again.", "फ़ाइल सहेजे जाने से पहले अपलोड रुक गया। फिर से अपलोड करें।"],
  "page.crashed": ["The reader stopped on this page. Rescan or split it.", "इस पृष्ठ पर रीडर रुक गया। इसे दोबारा स्कैन करें या अलग करें।"],
  "transient.gave_up": ["A service stayed unreachable. Queue the file again later.", "कोई सेवा लगातार उपलब्ध नहीं रही। बाद में फ़ाइल फिर से कतार में डालें।"],
  "integrity.write_once": ["An original may not be overwritten. Tell the administrator.", "मूल फ़ाइल बदली नहीं जा सकती। व्यवस्थापक को बताएँ।"],
  "not_found": ["Not found, or you may not see it.", "नहीं मिला, या आप इसे नहीं देख सकते।"],
  "usage": ["The request was not accepted.", "अनुरोध स्वीकार नहीं हुआ।"],
  "auth.required": ["Log in again.", "फिर से लॉग इन करें।"],
  "auth.forbidden": ["Your role may not do this.", "आपकी भूमिका यह नहीं कर सकती।"],
  "internal": ["An internal error occurred; it has been logged.", "आंतरिक त्रुटि हुई; यह लॉग में दर्ज है।"],
};

// Why a page or a part was flagged: the reasons the server writes (ocr/quality.py,
// classify/boundaries.py) by their code, in both languages; "{1}" is the first number found.
const REASONS = [
  ["low_resolution", /^low resolution (\d+) dpi \(scan at 300\)$/, "low resolution {1} dpi (scan at 300)", "कम रेज़ोल्यूशन {1} dpi (300 dpi पर स्कैन करें)"],
  ["dpi_assumed", /^dpi not recorded in the image \(300 assumed\)$/, "dpi not recorded in the image (300 assumed)", "छवि में dpi दर्ज नहीं (300 माना गया)"],
  ["low_contrast", /^low contrast (\d+) grey levels between ink and paper$/, "low contrast: {1} grey levels between ink and paper", "कम कंट्रास्ट: स्याही और कागज़ में केवल {1} स्तर का अंतर"],
  ["blurred", /^blurred strokes \(([\d.]+) of the ink is smeared grey\)$/, "blurred strokes ({1} of the ink is smeared grey)", "धुंधले अक्षर (स्याही का {1} भाग धुंधला)"],
  ["skew", /^skew ([\d.]+) deg left in the page$/, "skew of {1}° left in the page", "पृष्ठ में {1}° का तिरछापन शेष"],
  ["low_ocr_confidence", /^OCR confidence ([\d.]+), (\d+)% of words under 0\.60$/, "OCR confidence {1}, {2}% of words under 0.60", "OCR विश्वास {1}, {2}% शब्द 0.60 से कम"],
  ["no_words", /^no words recognised$/, "no words recognised", "कोई शब्द नहीं पहचाना गया"],
  ["good", /^good$/, "good", "अच्छा"],
  ["letterhead", /^letterhead at the top$/, "letterhead at the top", "ऊपर लेटरहेड"],
  ["letter_number_top", /^letter number \/ date block near the top$/, "letter number / date block near the top", "ऊपर पत्र क्रमांक / दिनांक"],
  ["page_number_1", /^page number 1$/, "page number 1", "पृष्ठ संख्या 1"],
  ["page_follows", /^page (\d+) follows page (\d+)$/, "page {1} follows page {2}", "पृष्ठ {1}, पृष्ठ {2} के बाद"],
  ["page_number", /^page number (\d+)$/, "page number {1}", "पृष्ठ संख्या {1}"],
  ["signature_end", /^previous page ends with a signature$/, "previous page ends with a signature", "पिछला पृष्ठ हस्ताक्षर पर समाप्त"],
  ["blank_between", /^blank page in between$/, "blank page in between", "बीच में खाली पृष्ठ"],
  ["cover_one_sheet", /^a file cover is one sheet$/, "a file cover is one sheet", "फ़ाइल आवरण एक ही शीट होता है"],
  ["role_changes", /^role changes (\w+) -> (\w+)$/, "role changes {1} → {2}", "भूमिका बदली: {1} → {2}"],
  ["noting_continues", /^noting continues$/, "noting continues", "टिप्पणी जारी"],
  ["new_heading", /^a new (\w+) heading$/, "a new {1} heading", "नया {1} शीर्षक"],
  ["separator_sheet", /^separator sheet$/, "separator sheet", "विभाजक शीट"],
  ["after_separator", /^after a separator sheet$/, "after a separator sheet", "विभाजक शीट के बाद"],
  ["first_page", /^first page of the bundle$/, "first page of the bundle", "बंडल का पहला पृष्ठ"],
];

// One reason in the current language: a known one by its code (a role named in it translated
// too, a weight like "(+1.0)" kept), an unknown one as it came.
export function reasonText(reason) {
  const text = String(reason ?? "");
  const weighted = text.match(/^(.*) (\([+-]\d+(?:\.\d+)?\))$/);
  const [core, weight] = weighted ? [weighted[1], " " + weighted[2]] : [text, ""];
  for (const [, re, en, hi] of REASONS) {
    const m = core.match(re);
    if (!m) continue;
    const fill = (template) => template.replace(/\{(\d)\}/g, (_, i) => (L["prole_" + m[i]] ? t("prole_" + m[i]) : m[i]));
    return fill(lang === "hi" ? hi : en) + weight;
  }
  return text;
}

export function reasonsText(reasons) {
  return (reasons || []).map(reasonText).join("; ");
}

// A translated key, or ``fallback`` when there is no such label.
export function tr(key, fallback) {
  return L[key] ? t(key) : fallback;
}

const KEY = "sanchika.lang";
let lang = localStorage.getItem(KEY) || ((navigator.language || "").startsWith("hi") ? "hi" : "en");

export function getLang() { return lang; }

export function setLang(value) {
  lang = value === "hi" ? "hi" : "en";
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang;
}

export function t(key) {
  const pair = L[key];
  if (!pair) return key;
  return pair[lang === "hi" ? 1 : 0];
}

export function errorText(error) {
  if (!error) return "";
  const pair = ERRORS[error.code];
  return pair ? pair[lang === "hi" ? 1 : 0] : error.message || error.code;
}

// The server's own message of an error, when it says more than the translated text: in English
// (it names files and pages), so it is marked as such and folded away in the Hindi UI.
export function errorDetail(error) {
  if (!error || !error.message || errorText(error) === error.message) return "";
  const detail = document.createElement("span");
  detail.className = "muted error-detail";
  detail.lang = "en";
  if (lang !== "hi") { detail.textContent = `(${error.message})`; return detail; }
  const box = document.createElement("details");
  box.className = "error-detail";
  const summary = document.createElement("summary");
  summary.textContent = t("error_detail");
  detail.textContent = error.message;
  box.append(summary, detail);
  return box;
}

export function statusText(status) {
  return L["st_" + status] ? t("st_" + status) : status;
}

document.documentElement.lang = lang;
