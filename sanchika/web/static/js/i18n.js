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
  failed_files: ["Failed files", "विफल फ़ाइलें"],
  retry_failed: ["Queue failed files again", "विफल फ़ाइलें फिर से कतार में डालें"],
  retried: ["Queued again", "फिर से कतार में"],
  not_retryable: ["Cannot be re-run — upload a new copy", "फिर से नहीं चल सकती — नई प्रति अपलोड करें"],
  rescan_pages: ["Pages to rescan", "फिर से स्कैन करने वाले पृष्ठ"],
  duplicate_of: ["same as", "इसके समान"],
  no_batches: ["No batches yet.", "अभी कोई बैच नहीं।"],
  // review
  review_title: ["Review queue", "समीक्षा कतार"],
  review_docs: ["Documents to check", "जाँचने वाले दस्तावेज़"],
  review_empty: ["Nothing to review.", "समीक्षा के लिए कुछ नहीं।"],
  reason_unknown: ["Department unknown", "विभाग अज्ञात"],
  reason_low_confidence: ["Low confidence", "कम विश्वास"],
  correct_department: ["Correct department", "सही विभाग"],
  approve: ["Approve", "स्वीकृत करें"],
  approved: ["Approved", "स्वीकृत"],
  choose_department: ["Choose a department", "विभाग चुनें"],
  recognised_text: ["Recognised text", "पहचाना गया पाठ"],
  select_document: ["Choose a document from the list.", "सूची से कोई दस्तावेज़ चुनें।"],
  suggestions: ["Suggestions", "सुझाव"],
  // search
  search_title: ["Search documents", "दस्तावेज़ खोजें"],
  search_label: ["Words in Hindi or English", "हिन्दी या अंग्रेज़ी में शब्द"],
  search_button: ["Search", "खोजें"],
  results: ["Results", "परिणाम"],
  no_results: ["No pages match.", "कोई पृष्ठ नहीं मिला।"],
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
  report_title: ["Digitisation report", "डिजिटलीकरण रिपोर्ट"],
  show: ["Show", "दिखाएँ"],
  export_csv: ["Export CSV", "CSV निर्यात करें"],
  needs_review: ["Needs review", "समीक्षा आवश्यक"],
  review_share: ["Share needing review", "समीक्षा वाले का हिस्सा"],
  sheets_saved: ["Paper saved (sheets)", "बचाया गया कागज़ (शीट)"],
  sheets_note: ["One scanned page counts as one sheet.", "एक स्कैन पृष्ठ = एक शीट।"],
  per_department: ["Per department", "विभागवार"],
  per_week: ["Pages per week", "सप्ताहवार पृष्ठ"],
  week: ["Week", "सप्ताह"],
  users_title: ["Users and roles", "उपयोगकर्ता और भूमिकाएँ"],
  role: ["Role", "भूमिका"],
  departments: ["Departments", "विभाग"],
  has_password: ["Web login", "वेब लॉगिन"],
  yes: ["Yes", "हाँ"],
  no: ["No", "नहीं"],
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
};

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

export function statusText(status) {
  return L["st_" + status] ? t("st_" + status) : status;
}

document.documentElement.lang = lang;
