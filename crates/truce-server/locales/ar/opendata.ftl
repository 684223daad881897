# Machine-drafted translation: needs review by a native speaker before use in a deployment.
# Open data messages (ar, Arabic). The reference is en/opendata.ftl.
data-acled-csv = القضايا المنشورة بأعمدة ACLED (CSV)
data-ucdp-csv = القضايا المنشورة بأعمدة UCDP GED (CSV)
data-hxl-csv = القضايا المنشورة مع وسوم HXL (CSV)
data-kml = القضايا المنشورة كعلامات على الخريطة (KML 2.2)
data-pax-csv = الاتفاق النافذ كسطر من PA-X (CSV)
data-alerts = تنبيهات التصعيد، كل منها بصيغة OASIS CAP 1.2 (فهرس Atom)
data-feed = النتائج والعقوبات والبيانات والتقارير المنشورة حديثاً (موجز Atom)
data-dictionary-link = قاموس البيانات: كل عمود في كل ملف
data-licence-link = الترخيص وطريقة الاستشهاد
dict-title = قاموس البيانات
dict-intro = كل عمود في كل تنزيل، مع معناه ووحدته. المعاني بالإنكليزية، لغة أدلة ACLED وUCDP وHXL التي تتبعها. الخلية الفارغة قيمة لا يملكها Truce، وليست صفراً أبداً.
dict-same-as-cases = الأعمدة نفسها هي خصائص كل معلم في cases.geojson والبيانات الإضافية لكل علامة في cases.kml.
dict-hxl-tag = وسم HXL
dict-pax = لا تُملأ أعمدة PA-X إلا حيث يحمل ملف الاتفاق قيمة؛ وتُترك معرّفات PA-X وإحالاته ورموز محتواه فارغة.
licence-title = ترخيص البيانات
licence-body = تُنشر البيانات المفتوحة لهذا النشر بموجب ترخيص المشاع الإبداعي نَسب المُصنَّف 4.0 الدولي: يمكنك مشاركتها وتعديلها لأي غرض إذا ذكرت المصدر وبيّنت ما غيّرته.
licence-cite = استشهد بها هكذا: Truce، { $title }، بيانات مفتوحة، مع تاريخ التنزيل.
licence-conventions = تتبع الملفات على طراز ACLED وUCDP وHXL أعراف أعمدة تلك المشاريع؛ ولا تحتوي على أي بيانات من ACLED أو UCDP ولا تعتمدها تلك المشاريع.
licence-sample = حيث يقول هذا الموقع إنه يحمل بيانات نموذجية، فملفاته كذلك: إنها أمثلة، لا سجلّ للأحداث.
