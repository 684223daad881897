# Machine-drafted translation: needs review by a native speaker before use in a deployment.
# Open data messages (ur, Urdu). The reference is en/opendata.ftl.
data-acled-csv = شائع شدہ کیس ACLED کے کالموں میں (CSV)
data-ucdp-csv = شائع شدہ کیس UCDP GED کے کالموں میں (CSV)
data-hxl-csv = شائع شدہ کیس HXL ہیش ٹیگز کے ساتھ (CSV)
data-kml = شائع شدہ کیس نقشے کے نشانات کے طور پر (KML 2.2)
data-pax-csv = نافذ معاہدہ PA-X کی ایک قطار کے طور پر (CSV)
data-alerts = کشیدگی کے انتباہات، ہر ایک OASIS CAP 1.2 میں (Atom فہرست)
data-feed = نئے شائع شدہ نتائج، سزائیں، اعلامیے اور رپورٹیں (Atom فیڈ)
data-dictionary-link = ڈیٹا لغت: ہر فائل کا ہر کالم
data-licence-link = لائسنس اور حوالہ دینے کا طریقہ
dict-title = ڈیٹا لغت
dict-intro = ہر ڈاؤن لوڈ کا ہر کالم، اس کے معنی اور اکائی کے ساتھ۔ معانی انگریزی میں ہیں، ان ACLED، UCDP اور HXL ضابطہ کتب کی زبان میں جن کی یہ پیروی کرتے ہیں۔ خالی خانہ وہ قدر ہے جو Truce کے پاس نہیں، کبھی صفر نہیں۔
dict-same-as-cases = یہی کالم cases.geojson میں ہر فیچر کی خصوصیات اور cases.kml میں ہر نشان کا اضافی ڈیٹا ہیں۔
dict-hxl-tag = HXL ہیش ٹیگ
dict-pax = PA-X کالم صرف وہاں بھرے جاتے ہیں جہاں معاہدے کی فائل میں قدر موجود ہو؛ PA-X کی اپنی شناختیں، حوالے اور مواد کے کوڈ خالی چھوڑے جاتے ہیں۔
licence-title = ڈیٹا لائسنس
licence-body = اس تنصیب کا کھلا ڈیٹا Creative Commons Attribution 4.0 International لائسنس کے تحت شائع ہوتا ہے: آپ اسے کسی بھی مقصد کے لیے بانٹ اور ڈھال سکتے ہیں، اگر آپ ماخذ کا حوالہ دیں اور بتائیں کہ کیا بدلا۔
licence-cite = حوالہ یوں دیں: Truce، { $title }، کھلا ڈیٹا، ڈاؤن لوڈ کی تاریخ کے ساتھ۔
licence-conventions = ACLED، UCDP اور HXL طرز کی فائلیں ان منصوبوں کے کالم کے اصولوں پر چلتی ہیں؛ ان میں ACLED یا UCDP کا کوئی ڈیٹا نہیں اور نہ ہی یہ ان کی توثیق شدہ ہیں۔
licence-sample = جہاں یہ سائٹ کہتی ہے کہ اس میں نمونہ ڈیٹا ہے، وہاں اس کی فائلوں میں بھی ہے: یہ مثالیں ہیں، واقعات کا ریکارڈ نہیں۔
