// العربية (الفصحى). Written right to left: the card gets dir="rtl" (js/i18n/index.js). Names,
// addresses and codes put into a sentence are wrapped in Unicode isolates (U+2068 … U+2069) so
// that a Latin name or a phone number does not reorder the Arabic around it.
// Same keys and {placeholders} as en.js, which explains them.

const I = (text) => `\u2068${text}\u2069`;

// Arabic counts: 1 and 2 have their own words, 3–10 take the plural, 11–99 a singular
// accusative, and 100, 200, … a singular (the last two digits decide for larger numbers).
function count(n, { one, two, few, many, other }) {
  if (n === 1) return one;
  if (n === 2) return two;
  const r = n % 100;
  if (r >= 3 && r <= 10) return `${n} ${few}`;
  if (r >= 11 && r <= 99) return `${n} ${many}`;
  return `${n} ${other}`;
}

const CHARS = { one: 'حرف واحد', two: 'حرفان', few: 'أحرف', many: 'حرفًا', other: 'حرف' };
const SECONDS = { one: 'ثانية واحدة', two: 'ثانيتين', few: 'ثوانٍ', many: 'ثانية', other: 'ثانية' };

export default {
  steps: {
    'sign-on': { title: 'تسجيل الدخول', subtitle: 'للمتابعة إلى \u2068{app}\u2069', button: 'تسجيل الدخول', busy: 'جارٍ تسجيل الدخول…' },
    identify: { title: 'تسجيل الدخول', subtitle: 'للمتابعة إلى \u2068{app}\u2069', button: 'التالي' },
    password: { title: 'أدخل كلمة المرور', subtitle: 'للمتابعة إلى \u2068{app}\u2069', button: 'تسجيل الدخول', busy: 'جارٍ تسجيل الدخول…' },
    'password-expired': { title: 'انتهت صلاحية كلمة المرور', subtitle: 'اختر كلمة مرور جديدة للمتابعة.', button: 'تغيير كلمة المرور', busy: 'جارٍ الحفظ…' },
    'password-change': { title: 'غيّر كلمة المرور', subtitle: 'يلزمك اختيار كلمة مرور جديدة قبل المتابعة.', button: 'تغيير كلمة المرور', busy: 'جارٍ الحفظ…' },
    recover: {
      title: 'إعادة تعيين كلمة المرور', subtitle: 'أرسلنا رمز استرداد إلى بريدك الإلكتروني. أدخله واختر كلمة مرور جديدة.',
      button: 'إعادة تعيين كلمة المرور', busy: 'جارٍ الحفظ…', resent: 'أرسلنا إليك رمز استرداد جديدًا.',
    },
    'verify-email': {
      title: 'تأكيد بريدك الإلكتروني', subtitle: ['أرسلنا رمز تحقق إلى \u2068{email}\u2069.', 'أرسلنا رمز تحقق إلى بريدك الإلكتروني.'],
      button: 'تحقق', busy: 'جارٍ التحقق…', resent: 'أرسلنا إليك رمز تحقق جديدًا.',
    },
    'choose-device': { title: 'تأكيد هويتك', subtitle: 'اختر طريقة تأكيد تسجيل الدخول.' },
    otp: { title: 'أدخل الرمز', subtitle: ['{sent}', 'أدخل رمز المرور لمرة واحدة الذي أرسلناه إليك.'], button: 'تحقق', busy: 'جارٍ التحقق…', resent: 'أرسلنا إليك رمزًا جديدًا.' },
    push: { title: 'تحقق من هاتفك', subtitle: 'أرسلنا إشعارًا إلى هاتفك. وافق عليه لتسجيل الدخول.' },
    'push-timed-out': { title: 'انتهت صلاحية الإشعار', subtitle: 'لم تتم الموافقة عليه في الوقت المحدد. أعد إرساله أو اختر جهازًا آخر.', button: 'إعادة الإرسال' },
    passkey: { title: 'استخدم مفتاح المرور', subtitle: 'خطوة أخرى لتأكيد أنك أنت.', button: 'استخدام مفتاح المرور' },
    'link-account': { title: 'ربط حسابك', subtitle: ['يوجد هنا حساب بالفعل ببياناتك في \u2068{provider}\u2069. سجّل الدخول إليه مرة واحدة لربط الحسابين.', 'يوجد حساب بهذه البيانات بالفعل. سجّل الدخول لربطه.'], button: 'ربط الحساب', busy: 'جارٍ تسجيل الدخول…' },
    'confirm-account': { title: 'تأكيد بياناتك', subtitle: ['سننشئ حسابك بهذه البيانات من \u2068{provider}\u2069.', 'سننشئ حسابك بهذه البيانات.'], button: 'إنشاء الحساب' },
    external: { title: ['المتابعة باستخدام \u2068{provider}\u2069', 'المتابعة باستخدام مزود الهوية'], subtitle: ['حسابك لدى \u2068{provider}\u2069. سجّل الدخول هناك للمتابعة.', 'حسابك لدى خدمة أخرى. سجّل الدخول هناك للمتابعة.'] },
    profile: { title: 'أكمل ملفك الشخصي', subtitle: ['{prompt}', 'نحتاج إلى بعض البيانات الإضافية.'], button: 'متابعة' },
    agreement: { title: ['\u2068{agreement}\u2069', 'شروط الاستخدام'], subtitle: 'اقرأ الشروط ووافق عليها للمتابعة.' },
    'device-code': { title: 'ربط جهازك', subtitle: 'أدخل الرمز الظاهر على جهازك.', button: 'متابعة' },
    'device-consent': { title: 'هل تسمح لهذا الجهاز؟', subtitle: 'يطلب جهاز استخدام حسابك.', button: 'سماح', labels: { accept: 'السماح لهذا الجهاز' } },
  },

  roles: {
    'forgot-password': {
      link: 'هل نسيت كلمة المرور؟', title: 'هل نسيت كلمة المرور؟', button: 'إرسال رمز الاسترداد',
      subtitle: 'أدخل اسم المستخدم وسنرسل إليك رمز استرداد بالبريد الإلكتروني.',
    },
    register: { link: 'إنشاء حساب', title: 'أنشئ حسابك', subtitle: 'لاستخدام \u2068{app}\u2069', button: 'إنشاء الحساب' },
    resend: {
      link: 'إرسال رمز جديد',
      wait: ({ seconds }) => `يمكنك طلب رمز جديد بعد ${count(seconds, SECONDS)}.`,
    },
    'change-device': {
      link: 'استخدام جهاز آخر', linkNone: 'اختيار جهاز', linkWaiting: 'اختيار جهاز آخر',
      title: 'اختر جهازًا آخر', subtitle: 'اختر طريقة تأكيد تسجيل الدخول.',
      resend: 'إرسال رمز جديد', resent: 'أرسلنا إليك رمزًا جديدًا.', list: 'أجهزتك', current: 'الحالي',
    },
    'reset-identity': { link: 'لست أنت؟', label: 'لست أنت؟ سجّل الدخول بحساب غير \u2068{user}\u2069' },
    cancel: { link: 'إلغاء' },
    passkey: {
      button: 'تسجيل الدخول بمفتاح مرور', busy: 'في انتظار مفتاح المرور…',
      create: 'إعداد مفتاح مرور', createBusy: 'جارٍ إعداد مفتاح المرور…',
      createTitle: 'إعداد مفتاح مرور', createText: 'في المرة القادمة، سجّل الدخول ببصمة إصبعك أو وجهك أو قفل الشاشة بدلًا من كلمة المرور.',
      getText: 'استخدم مفتاح المرور على هذا الجهاز أو هاتفك أو مفتاح أمان.',
      unsupported: 'هذا المتصفح لا يدعم مفاتيح المرور. اختر طريقة أخرى لتسجيل الدخول.',
    },
    social: { button: 'المتابعة باستخدام \u2068{provider}\u2069', busy: 'جارٍ الانتقال إلى \u2068{provider}\u2069…', provider: 'مزود الهوية' },
  },

  devices: {
    sms: { name: 'رسالة نصية', sent: 'أرسلنا رمزًا في رسالة نصية إلى \u2068{target}\u2069.', sentAnywhere: 'أرسلنا إليك رمزًا في رسالة نصية.' },
    email: { name: 'البريد الإلكتروني', sent: 'أرسلنا رمزًا إلى \u2068{target}\u2069.', sentAnywhere: 'أرسلنا رمزًا إلى بريدك الإلكتروني.' },
    voice: { name: 'مكالمة صوتية', sent: 'نتصل الآن بالرقم \u2068{target}\u2069 لإبلاغك بالرمز.', sentAnywhere: 'نتصل بك الآن لإبلاغك بالرمز.' },
    whatsapp: { name: 'واتساب', sent: 'أرسلنا رمزًا عبر واتساب إلى \u2068{target}\u2069.', sentAnywhere: 'أرسلنا إليك رمزًا عبر واتساب.' },
    push: { name: 'إشعار فوري', detail: 'الموافقة على هاتفك' },
    totp: { name: 'تطبيق المصادقة', detail: 'رمز من تطبيقك', sentAnywhere: 'أدخل الرمز الظاهر في تطبيق المصادقة.' },
    oath: { name: 'رمز أمان مادي', detail: 'رمز من جهازك المادي', sentAnywhere: 'أدخل الرمز الظاهر على جهاز رمز الأمان.' },
    passkey: { name: 'مفتاح مرور أو مفتاح أمان', detail: 'استخدام مفتاح المرور' },
  },

  waits: {
    push: { status: 'في انتظار موافقتك…', justNow: 'أُرسل الآن', since: ({ seconds }) => `أُرسل قبل ${count(seconds, SECONDS)}` },
    challenge: { status: 'في انتظار الموافقة…', hint: 'امسح الرمز بهاتفك، ثم وافق على تسجيل الدخول من هناك.', justNow: 'بدأ للتو', since: ({ seconds }) => `منذ ${count(seconds, SECONDS)}` },
    poll: { status: 'يُرجى الانتظار…', justNow: 'بدأ للتو', since: ({ seconds }) => `منذ ${count(seconds, SECONDS)}` },
  },

  errors: {
    flow_expired: { title: 'انتهت صلاحية تسجيل الدخول هذا', text: 'استغرق الأمر وقتًا أطول من اللازم. ابدأ من جديد لتسجيل الدخول.' },
    flow_failed: { title: 'لم يكتمل تسجيل الدخول', text: 'تعذّر إكمال تسجيل الدخول.' },
    session_rejected: { title: 'انتهى تسجيل الدخول هذا', text: 'ابدأ من جديد لتسجيل الدخول.' },
    interaction_expired: { title: 'انتهت صلاحية تسجيل الدخول هذا', text: 'استغرق الأمر وقتًا أطول من اللازم. ابدأ من جديد لتسجيل الدخول.' },
    interaction_rejected: { title: 'تابع تسجيل الدخول هذا في مكان آخر', text: 'استمر في علامة تبويب أخرى أو خطوة أخرى. ابدأ من جديد لتسجيل الدخول هنا.' },
    poll_limit: { title: 'لم تصل أي موافقة', text: 'لم تتم الموافقة على الإشعار. ابدأ من جديد عندما تكون مستعدًا.' },
    access_denied: { title: 'لم يكتمل تسجيل الدخول', text: 'أُلغي أو رُفض. ابدأ من جديد لتسجيل الدخول، أو اختر طريقة أخرى.' },
    cancelled: { title: 'أُلغي تسجيل الدخول', text: 'يمكنك البدء من جديد في أي وقت.' },
    challenge_expired: { title: 'انتهت صلاحية طلب تسجيل الدخول هذا', text: 'لم تتم الموافقة عليه على هاتفك في الوقت المحدد. ابدأ من جديد لإرسال طلب جديد.' },
    webauthn_cancelled: { banner: 'أُلغي طلب مفتاح المرور أو انتهت مهلته. حاول مرة أخرى، أو سجّل الدخول بطريقة أخرى.' },
    webauthn_unsupported: { banner: 'هذا المتصفح لا يدعم مفاتيح المرور. سجّل الدخول بطريقة أخرى.' },
    webauthn_failed: { banner: 'تعذّر استخدام مفتاح المرور. حاول مرة أخرى، أو سجّل الدخول بطريقة أخرى.' },
    not_applied: { banner: 'لم تصل إجابتك الأخيرة إلى خدمة تسجيل الدخول. يُرجى إرسالها مرة أخرى.' },
    misconfiguration: { title: 'تسجيل الدخول غير متاح', text: 'هذه الصفحة غير مُعدّة بشكل صحيح لخدمة تسجيل الدخول. تساعد التفاصيل أدناه المسؤول عن صيانتها.' },
    retry: { title: 'تعذّر الوصول إلى خدمة تسجيل الدخول', text: 'تحقق من اتصالك وحاول مرة أخرى.' },
    other: { title: 'حدث خطأ ما', text: 'تعذّر إكمال تسجيل الدخول.', banner: 'حدث خطأ ما.' },
  },
  serverErrors: {
    PUSH_DENIED: { title: 'رُفض تسجيل الدخول', text: 'رُفض الإشعار على هاتفك. ابدأ من جديد لتسجيل الدخول.' },
    CHALLENGE_DENIED: { title: 'رُفض تسجيل الدخول', text: 'رُفض طلب تسجيل الدخول على هاتفك. ابدأ من جديد لتسجيل الدخول.' },
    CHALLENGE_EXPIRED: { title: 'انتهت صلاحية طلب تسجيل الدخول هذا', text: 'لم تتم الموافقة عليه على هاتفك في الوقت المحدد. ابدأ من جديد لإرسال طلب جديد.' },
  },

  requirements: {
    length: 'إنها قصيرة جدًا أو طويلة جدًا',
    minCharacters: 'ينقصها نوع مطلوب من الأحرف',
    maxRepeatedCharacters: 'تكرر حرفًا أكثر من اللازم',
    minUniqueCharacters: 'فيها عدد قليل جدًا من الأحرف المختلفة',
    excludesCommonlyUsed: 'إنها شائعة الاستخدام',
    excludesProfileData: 'تحتوي على اسمك أو اسم المستخدم أو بريدك الإلكتروني',
    history: 'إنها إحدى كلمات مرورك الأخيرة',
    notSimilarToCurrent: 'تشبه كلمة مرورك الحالية كثيرًا',
    notAccepted: 'غير مقبولة: \u2068{reasons}\u2069.',
    comma: '، ',
    and: ' و',
  },

  policy: {
    title: 'تحتاج كلمة المرور إلى',
    met: 'تم', unmet: 'ليس بعد', info: 'يُتحقق منه عند الإرسال',
    allMet: 'كلمة المرور تستوفي جميع المتطلبات.',
    rules: {
      length: 'من \u2068{min}\u2069 إلى \u2068{max}\u2069 حرفًا',
      minLength: ({ count: n }) => `${count(n, CHARS)} على الأقل`,
      maxLength: ({ count: n }) => `${count(n, CHARS)} كحد أقصى`,
      upper: ({ count: n }) => `${count(n, { one: 'حرف كبير واحد', two: 'حرفان كبيران', few: 'أحرف كبيرة', many: 'حرفًا كبيرًا', other: 'حرف كبير' })} على الأقل`,
      lower: ({ count: n }) => `${count(n, { one: 'حرف صغير واحد', two: 'حرفان صغيران', few: 'أحرف صغيرة', many: 'حرفًا صغيرًا', other: 'حرف صغير' })} على الأقل`,
      digit: ({ count: n }) => `${count(n, { one: 'رقم واحد', two: 'رقمان', few: 'أرقام', many: 'رقمًا', other: 'رقم' })} على الأقل`,
      special: ({ count: n, characters }) => `${count(n, { one: 'رمز خاص واحد', two: 'رمزان خاصان', few: 'رموز خاصة', many: 'رمزًا خاصًا', other: 'رمز خاص' })} على الأقل (${I(characters)})`,
      other: ({ count: n, characters }) => `${n} على الأقل من ${I(characters)}`,
      unique: ({ count: n }) => `${count(n, { one: 'حرف مختلف واحد', two: 'حرفان مختلفان', few: 'أحرف مختلفة', many: 'حرفًا مختلفًا', other: 'حرف مختلف' })} على الأقل`,
      repeat: ({ count: n }) => (n === 1 ? 'لا يتكرر أي حرف مرتين متتاليتين' : `لا يتكرر أي حرف أكثر من ${count(n, { one: 'مرة واحدة', two: 'مرتين', few: 'مرات', many: 'مرة', other: 'مرة' })} متتالية`),
      profile: 'لا تحتوي على اسمك أو اسم المستخدم أو بريدك الإلكتروني',
      common: 'ليست كلمة مرور شائعة',
      history: 'ليست إحدى كلمات مرورك الأخيرة',
    },
  },

  fields: {
    optional: ' (اختياري)',
    choose: 'اختر…',
    pattern: '\u2068{label}\u2069 ليس بالتنسيق المتوقع.',
    'new-password': {
      showConfirm: 'إظهار تأكيد كلمة المرور', hideConfirm: 'إخفاء تأكيد كلمة المرور',
      confirm: 'تأكيد \u2068{label}\u2069', again: 'اكتب كلمة المرور الجديدة مرة أخرى.', mismatch: 'كلمتا المرور غير متطابقتين.',
      notMet: 'كلمة المرور الجديدة لا تستوفي جميع المتطلبات بعد.',
    },
    password: { show: 'إظهار كلمة المرور', hide: 'إخفاء كلمة المرور' },
    boolean: { required: 'حدد هذا المربع للمتابعة.' },
    phone: { country: '\u2068{label}\u2069: رمز البلد', countryHint: 'أدخل رمز البلد المكوّن من حرفين، مثل SA.', extension: 'الرقم الداخلي' },
    device: { name: 'جهاز' },
  },

  labels: {
    username: 'اسم المستخدم', password: 'كلمة المرور', email: 'البريد الإلكتروني', otp: 'رمز المرور لمرة واحدة',
    currentPassword: 'كلمة المرور الحالية', newPassword: 'كلمة المرور الجديدة',
    recoveryCode: 'رمز الاسترداد', verificationCode: 'رمز التحقق',
    accept: 'أوافق على الاتفاقية', userCode: 'الرمز الظاهر على جهازك',
    'name.given': 'الاسم الأول', 'name.family': 'اسم العائلة', device: 'الجهاز',
  },

  ui: {
    back: 'رجوع',
    cancel: 'إلغاء',
    or: 'أو',
    otherOptions: 'خيارات أخرى',
    checkField: 'تحقق من الحقل المميَّز.',
    pleaseWait: 'يُرجى الانتظار…',
    pleaseWaitShort: 'يُرجى الانتظار.',
    loading: 'جارٍ تحميل تسجيل الدخول…',
    redirecting: 'جارٍ تسجيل دخولك…',
    redirectingText: 'نعيدك إلى التطبيق.',
    redirectingAnnounce: 'جارٍ تسجيل دخولك.',
    leaving: 'جارٍ الانتقال إلى \u2068{provider}\u2069…',
    leavingText: 'ستعود إلى هنا بعد تسجيل الدخول هناك.',
    returning: 'مرحبًا بعودتك',
    signedIn: 'تم تسجيل دخولك',
    signedInAnnounce: 'تم تسجيل دخولك.',
    welcome: 'مرحبًا، \u2068{name}\u2069.',
    startAgain: 'البدء من جديد',
    tryAgain: 'حاول مرة أخرى',
    details: 'التفاصيل',
    cancelledMessage: 'أُلغي تسجيل الدخول.',
    agreement: 'الاتفاقية',
    accept: 'موافقة',
    decline: 'رفض',
    qrCode: 'رمز QR',
    signOn: 'تسجيل الدخول',
    unknownPart: 'يتعذّر عرض جزء من هذا النموذج هنا (\u2068{type}\u2069)',
    attemptsLeft: ({ count: n }) => (n === 1 ? 'تبقّت محاولة واحدة.' : n === 2 ? 'تبقّت محاولتان.'
      : `تبقّت ${count(n, { one: '', two: '', few: 'محاولات', many: 'محاولة', other: 'محاولة' })}.`),
    locked: 'حسابك مقفل.',
    tryAgainIn: ({ seconds }) => (seconds < 90
      ? `حاول مرة أخرى بعد ${count(seconds, SECONDS)}.`
      : `حاول مرة أخرى بعد ${count(Math.ceil(seconds / 60), { one: 'دقيقة واحدة', two: 'دقيقتين', few: 'دقائق', many: 'دقيقة', other: 'دقيقة' })}.`),
    notConfigured: 'ينقص إعدادات تسجيل الدخول: \u2068{keys}\u2069',
  },
};
