"""Medicines regulators by country: a reviewed data table (no logic).

Keys are country names as ClinicalTrials.gov spells them. ``COUNTRY_ALIASES`` maps
other spellings seen in registry records onto those keys. Each agency is
(short name, full name, official URL). URLs are the agencies' own home pages;
review this table when an agency is renamed (last reviewed 2026-11).

Covers the 40+ countries most frequent in the corpus, every EU/EEA member
(each also gets the European Medicines Agency) and U.S. territories (FDA).
"""

from __future__ import annotations

Agency = tuple[str, str, str]

FDA: Agency = ("FDA", "U.S. Food and Drug Administration", "https://www.fda.gov")
EMA: Agency = ("EMA", "European Medicines Agency", "https://www.ema.europa.eu")
WHO_ICTRP_URL = "https://trialsearch.who.int"
EU_CTIS_URL = "https://euclinicaltrials.eu"
EU_CTR_URL = "https://www.clinicaltrialsregister.eu"  # EU Clinical Trials Register (EudraCT), before CTIS

REGULATORS: dict[str, Agency] = {
    # Americas
    "United States": FDA,
    "Puerto Rico": FDA,
    "Guam": FDA,
    "Virgin Islands (U.S.)": FDA,
    "Northern Mariana Islands": FDA,
    "American Samoa": FDA,
    "Canada": ("Health Canada", "Health Canada", "https://www.canada.ca/en/health-canada.html"),
    "Mexico": ("COFEPRIS", "Federal Commission for the Protection against Sanitary Risk", "https://www.gob.mx/cofepris"),
    "Brazil": ("ANVISA", "Brazilian Health Regulatory Agency", "https://www.gov.br/anvisa"),
    "Argentina": ("ANMAT", "National Administration of Drugs, Foods and Medical Devices", "https://www.argentina.gob.ar/anmat"),
    "Chile": ("ISP", "Public Health Institute of Chile", "https://www.ispch.cl"),
    "Colombia": ("INVIMA", "National Institute for Food and Drug Surveillance", "https://www.invima.gov.co"),
    "Peru": ("DIGEMID", "General Directorate of Medicines, Supplies and Drugs", "https://www.digemid.minsa.gob.pe"),
    # Europe: EU/EEA members (EMA added automatically)
    "Austria": ("BASG", "Austrian Federal Office for Safety in Health Care", "https://www.basg.gv.at"),
    "Belgium": ("FAMHP", "Federal Agency for Medicines and Health Products", "https://www.famhp.be"),
    "Bulgaria": ("BDA", "Bulgarian Drug Agency", "https://www.bda.bg"),
    "Croatia": ("HALMED", "Agency for Medicinal Products and Medical Devices of Croatia", "https://www.halmed.hr"),
    "Cyprus": ("Pharmaceutical Services", "Pharmaceutical Services, Ministry of Health of Cyprus", "https://www.moh.gov.cy/moh/phs"),
    "Czechia": ("SÚKL", "State Institute for Drug Control", "https://www.sukl.cz"),
    "Denmark": ("DKMA", "Danish Medicines Agency", "https://laegemiddelstyrelsen.dk"),
    "Estonia": ("Ravimiamet", "State Agency of Medicines of Estonia", "https://www.ravimiamet.ee"),
    "Finland": ("Fimea", "Finnish Medicines Agency", "https://fimea.fi"),
    "France": ("ANSM", "French National Agency for Medicines and Health Products Safety", "https://ansm.sante.fr"),
    "Germany": ("BfArM", "Federal Institute for Drugs and Medical Devices", "https://www.bfarm.de"),
    "Greece": ("EOF", "National Organization for Medicines", "https://www.eof.gr"),
    "Hungary": ("NNGYK", "National Center for Public Health and Pharmacy", "https://nngyk.gov.hu"),
    "Ireland": ("HPRA", "Health Products Regulatory Authority", "https://www.hpra.ie"),
    "Italy": ("AIFA", "Italian Medicines Agency", "https://www.aifa.gov.it"),
    "Latvia": ("ZVA", "State Agency of Medicines of Latvia", "https://www.zva.gov.lv"),
    "Lithuania": ("VVKT", "State Medicines Control Agency of Lithuania", "https://www.vvkt.lt"),
    "Luxembourg": ("Ministry of Health", "Ministry of Health of Luxembourg", "https://sante.public.lu"),
    "Malta": ("Medicines Authority", "Malta Medicines Authority", "https://medicinesauthority.gov.mt"),
    "Netherlands": ("CBG-MEB", "Medicines Evaluation Board", "https://www.cbg-meb.nl"),
    "Poland": ("URPL", "Office for Registration of Medicinal Products, Medical Devices and Biocidal Products", "https://www.urpl.gov.pl"),
    "Portugal": ("INFARMED", "National Authority of Medicines and Health Products", "https://www.infarmed.pt"),
    "Romania": ("ANMDMR", "National Agency for Medicines and Medical Devices of Romania", "https://www.anm.ro"),
    "Slovakia": ("ŠÚKL", "State Institute for Drug Control of Slovakia", "https://www.sukl.sk"),
    "Slovenia": ("JAZMP", "Agency for Medicinal Products and Medical Devices of Slovenia", "https://www.jazmp.si"),
    "Spain": ("AEMPS", "Spanish Agency of Medicines and Medical Devices", "https://www.aemps.gob.es"),
    "Sweden": ("MPA", "Swedish Medical Products Agency", "https://www.lakemedelsverket.se"),
    "Iceland": ("IMA", "Icelandic Medicines Agency", "https://www.ima.is"),
    "Liechtenstein": ("Office of Health", "Office of Health of Liechtenstein", "https://www.llv.li"),
    "Norway": ("DMP", "Norwegian Medical Products Agency", "https://www.dmp.no"),
    # Europe: outside the EU/EEA
    "United Kingdom": ("MHRA", "Medicines and Healthcare products Regulatory Agency",
                       "https://www.gov.uk/government/organisations/medicines-and-healthcare-products-regulatory-agency"),
    "Switzerland": ("Swissmedic", "Swissmedic", "https://www.swissmedic.ch"),
    "Turkey": ("TİTCK", "Turkish Medicines and Medical Devices Agency", "https://www.titck.gov.tr"),
    "Russian Federation": ("Ministry of Health", "Ministry of Health of the Russian Federation", "https://minzdrav.gov.ru"),
    "Ukraine": ("State Expert Center", "State Expert Center of the Ministry of Health of Ukraine", "https://www.dec.gov.ua"),
    "Serbia": ("ALIMS", "Medicines and Medical Devices Agency of Serbia", "https://www.alims.gov.rs"),
    # Asia and Pacific
    "China": ("NMPA", "National Medical Products Administration", "https://www.nmpa.gov.cn"),
    "Hong Kong": ("Drug Office", "Drug Office, Department of Health, Hong Kong", "https://www.drugoffice.gov.hk"),
    "Taiwan": ("TFDA", "Taiwan Food and Drug Administration", "https://www.fda.gov.tw"),
    "Japan": ("PMDA", "Pharmaceuticals and Medical Devices Agency", "https://www.pmda.go.jp"),
    "Korea, Republic of": ("MFDS", "Ministry of Food and Drug Safety", "https://www.mfds.go.kr"),
    "India": ("CDSCO", "Central Drugs Standard Control Organisation", "https://cdsco.gov.in"),
    "Pakistan": ("DRAP", "Drug Regulatory Authority of Pakistan", "https://www.dra.gov.pk"),
    "Bangladesh": ("DGDA", "Directorate General of Drug Administration", "https://dgda.gov.bd"),
    "Indonesia": ("BPOM", "Indonesian Food and Drug Authority", "https://www.pom.go.id"),
    "Malaysia": ("NPRA", "National Pharmaceutical Regulatory Agency", "https://www.npra.gov.my"),
    "Singapore": ("HSA", "Health Sciences Authority", "https://www.hsa.gov.sg"),
    "Thailand": ("Thai FDA", "Food and Drug Administration of Thailand", "https://www.fda.moph.go.th"),
    "Vietnam": ("DAV", "Drug Administration of Vietnam", "https://dav.gov.vn"),
    "Philippines": ("FDA Philippines", "Food and Drug Administration of the Philippines", "https://www.fda.gov.ph"),
    "Australia": ("TGA", "Therapeutic Goods Administration", "https://www.tga.gov.au"),
    "New Zealand": ("Medsafe", "New Zealand Medicines and Medical Devices Safety Authority", "https://www.medsafe.govt.nz"),
    # Middle East and Africa
    "Israel": ("Ministry of Health", "Israel Ministry of Health", "https://www.gov.il/en/departments/ministry_of_health"),
    "Saudi Arabia": ("SFDA", "Saudi Food and Drug Authority", "https://www.sfda.gov.sa"),
    "Jordan": ("JFDA", "Jordan Food and Drug Administration", "https://www.jfda.jo"),
    "Iran, Islamic Republic of": ("IFDA", "Iran Food and Drug Administration", "https://www.fda.gov.ir"),
    "Egypt": ("EDA", "Egyptian Drug Authority", "https://www.edaegypt.gov.eg"),
    "South Africa": ("SAHPRA", "South African Health Products Regulatory Authority", "https://www.sahpra.org.za"),
    "Nigeria": ("NAFDAC", "National Agency for Food and Drug Administration and Control", "https://www.nafdac.gov.ng"),
    "Kenya": ("PPB", "Pharmacy and Poisons Board", "https://pharmacyboardkenya.org"),
}

EU_EEA = frozenset({
    "Austria", "Belgium", "Bulgaria", "Croatia", "Cyprus", "Czechia", "Denmark", "Estonia", "Finland",
    "France", "Germany", "Greece", "Hungary", "Ireland", "Italy", "Latvia", "Lithuania", "Luxembourg",
    "Malta", "Netherlands", "Poland", "Portugal", "Romania", "Slovakia", "Slovenia", "Spain", "Sweden",
    "Iceland", "Liechtenstein", "Norway",
})

# Names for display where the registry's formal name reads awkwardly in a sentence.
DISPLAY_NAMES = {
    "Korea, Republic of": "South Korea",
    "Iran, Islamic Republic of": "Iran",
    "Russian Federation": "Russia",
    "Turkey": "Türkiye",
}

COUNTRY_ALIASES = {
    "south korea": "Korea, Republic of",
    "republic of korea": "Korea, Republic of",
    "korea": "Korea, Republic of",
    "turkey (türkiye)": "Turkey",
    "türkiye": "Turkey",
    "turkiye": "Turkey",
    "czech republic": "Czechia",
    "russia": "Russian Federation",
    "iran": "Iran, Islamic Republic of",
    "viet nam": "Vietnam",
    "hong kong sar": "Hong Kong",
    "uk": "United Kingdom",
    "great britain": "United Kingdom",
    "usa": "United States",
    "united states of america": "United States",
    "u.s. virgin islands": "Virgin Islands (U.S.)",
    "the netherlands": "Netherlands",
    "taiwan, province of china": "Taiwan",
}
