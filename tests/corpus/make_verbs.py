# ruff: noqa: E501
"""Writes ``verbs.tsv``: imperatives of common French verbs in community-manager sentences.

The verb table is written by hand (not taken from the lexicon the checks use), so the corpus
measures the lexicon instead of repeating it. Run once: ``python tests/corpus/make_verbs.py``.
"""

from __future__ import annotations

from pathlib import Path

# infinitive: 2nd person singular imperative, 2nd person plural imperative
VERBS = """
être sois soyez|avoir aie ayez|faire fais faites|dire dis dites|aller va allez|voir vois voyez
savoir sache sachez|prendre prends prenez|venir viens venez|mettre mets mettez|trouver trouve trouvez
donner donne donnez|parler parle parlez|passer passe passez|regarder regarde regardez|suivre suis suivez
penser pense pensez|attendre attends attendez|chercher cherche cherchez|laisser laisse laissez
croire crois croyez|tenir tiens tenez|entendre entends entendez|rester reste restez|sortir sors sortez
partir pars partez|demander demande demandez|écrire écris écrivez|lire lis lisez|répondre réponds répondez
ouvrir ouvre ouvrez|offrir offre offrez|découvrir découvre découvrez|choisir choisis choisissez
finir finis finissez|rejoindre rejoins rejoignez|réserver réserve réservez|commander commande commandez
goûter goûte goûtez|essayer essaie essayez|profiter profite profitez|partager partage partagez
aimer aime aimez|tester teste testez|imaginer imagine imaginez|noter note notez|inscrire inscris inscrivez
retrouver retrouve retrouvez|oublier oublie oubliez|rater rate ratez|hésiter hésite hésitez
manquer manque manquez|appeler appelle appelez|envoyer envoie envoyez|acheter achète achetez
payer paie payez|gagner gagne gagnez|jouer joue jouez|participer participe participez|tenter tente tentez
cliquer clique cliquez|télécharger télécharge téléchargez|visiter visite visitez|explorer explore explorez
savourer savoure savourez|déguster déguste dégustez|craquer craque craquez|préparer prépare préparez
cuisiner cuisine cuisinez|pétrir pétris pétrissez|boire bois buvez|manger mange mangez|dormir dors dormez
courir cours courez|vivre vis vivez|apprendre apprends apprenez|comprendre comprends comprenez
montrer montre montrez|raconter raconte racontez|écouter écoute écoutez|chanter chante chantez
danser danse dansez|fêter fête fêtez|célébrer célèbre célébrez|emporter emporte emportez|garder garde gardez
ajouter ajoute ajoutez|glisser glisse glissez|vérifier vérifie vérifiez|utiliser utilise utilisez
allumer allume allumez|éteindre éteins éteignez|installer installe installez|accrocher accroche accrochez
poser pose posez|tourner tourne tournez|changer change changez|compter compte comptez|rêver rêve rêvez
créer crée créez|dessiner dessine dessinez|construire construis construisez|recevoir reçois recevez
revenir reviens revenez|rendre rends rendez|vendre vends vendez|servir sers servez|sentir sens sentez
connaître connais connaissez|sourire souris souriez|ramener ramène ramenez|apporter apporte apportez
enregistrer enregistre enregistrez|mentionner mentionne mentionnez|commenter commente commentez
voter vote votez|réagir réagis réagissez|saisir saisis saisissez|remplir remplis remplissez
réussir réussis réussissez|bouger bouge bougez|marcher marche marchez|flâner flâne flânez
respirer respire respirez|ralentir ralentis ralentissez|soutenir soutiens soutenez|encourager encourage encouragez
aider aide aidez|rencontrer rencontre rencontrez|saluer salue saluez|remercier remercie remerciez
inviter invite invitez|accueillir accueille accueillez|entrer entre entrez|monter monte montez
descendre descends descendez|arriver arrive arrivez|pousser pousse poussez|lancer lance lancez
cueillir cueille cueillez|planter plante plantez|arroser arrose arrosez|décorer décore décorez
emballer emballe emballez|trier trie triez|recycler recycle recyclez|réparer répare réparez
nettoyer nettoie nettoyez|ranger range rangez|remplacer remplace remplacez|comparer compare comparez
mesurer mesure mesurez|économiser économise économisez|chiner chine chinez|croquer croque croquez
tremper trempe trempez|mélanger mélange mélangez|verser verse versez|cuire cuis cuisez|couper coupe coupez
étaler étale étalez|fouetter fouette fouettez|chauffer chauffe chauffez|enfourner enfourne enfournez
tartiner tartine tartinez|adopter adopte adoptez|oser ose osez|espérer espère espérez|patienter patiente patientez
retenir retiens retenez|prévoir prévois prévoyez|confirmer confirme confirmez|contacter contacte contactez
filer file filez|foncer fonce foncez|sauter saute sautez|plonger plonge plongez|voyager voyage voyagez
photographier photographie photographiez|filmer filme filmez|publier publie publiez|deviner devine devinez
compléter complète complétez|cocher coche cochez|accepter accepte acceptez|peindre peins peignez
coudre couds cousez|fabriquer fabrique fabriquez|allonger allonge allongez|courber courbe courbez
recommander recommande recommandez|proposer propose proposez|présenter présente présentez
annoncer annonce annoncez|commencer commence commencez|continuer continue continuez|arrêter arrête arrêtez
travailler travaille travaillez|apprécier apprécie appréciez|préférer préfère préférez|répéter répète répétez
lever lève levez|mener mène menez|amener amène amenez|emmener emmène emmenez|peser pèse pesez
semer sème semez|geler gèle gelez|congeler congèle congelez|peler pèle pelez|jeter jette jetez
projeter projette projetez|feuilleter feuillette feuilletez|étiqueter étiquette étiquetez|ficeler ficelle ficelez
épeler épelle épelez|renouveler renouvelle renouvelez|rappeler rappelle rappelez|employer emploie employez
renvoyer renvoie renvoyez|appuyer appuie appuyez|essuyer essuie essuyez|balayer balaie balayez
tutoyer tutoie tutoyez|vouvoyer vouvoie vouvoyez|broyer broie broyez|nager nage nagez|corriger corrige corrigez
diriger dirige dirigez|protéger protège protégez|arranger arrange arrangez|échanger échange échangez
juger juge jugez|songer songe songez|rédiger rédige rédigez|prolonger prolonge prolongez|placer place placez
avancer avance avancez|effacer efface effacez|prononcer prononce prononcez|renoncer renonce renoncez
tracer trace tracez|relancer relance relancez|vouloir veuille veuillez|apercevoir aperçois apercevez
permettre permets permettez|promettre promets promettez|remettre remets remettez|soumettre soumets soumettez
transmettre transmets transmettez|reprendre reprends reprenez|surprendre surprends surprenez
devenir deviens devenez|obtenir obtiens obtenez|maintenir maintiens maintenez|prévenir préviens prévenez
mentir mens mentez|repartir repars repartez|couvrir couvre couvrez|souffrir souffre souffrez
conduire conduis conduisez|produire produis produisez|traduire traduis traduisez|réduire réduis réduisez
reconnaître reconnais reconnaissez|battre bats battez|perdre perds perdez|défendre défends défendez
tendre tends tendez|étendre étends étendez|fondre fonds fondez|mordre mords mordez|joindre joins joignez
craindre crains craignez|atteindre atteins atteignez|décrire décris décrivez|revivre revis revivez
poursuivre poursuis poursuivez|relire relis relisez|interdire interdis interdisez|refaire refais refaites
rire ris riez|conclure conclus concluez|résoudre résous résolvez|revoir revois revoyez|fuir fuis fuyez
acquérir acquiers acquérez|convaincre convaincs convainquez|agir agis agissez|bâtir bâtis bâtissez
grandir grandis grandissez|nourrir nourris nourrissez|fleurir fleuris fleurissez|réfléchir réfléchis réfléchissez
définir définis définissez|garantir garantis garantissez|obéir obéis obéissez|applaudir applaudis applaudissez
rafraîchir rafraîchis rafraîchissez|embellir embellis embellissez|fournir fournis fournissez
avertir avertis avertissez|franchir franchis franchissez|enrichir enrichis enrichissez|investir investis investissez
tomber tombe tombez|rentrer rentre rentrez|retourner retourne retournez|porter porte portez
rapporter rapporte rapportez|expliquer explique expliquez|indiquer indique indiquez|appliquer applique appliquez
marquer marque marquez|remarquer remarque remarquez|signer signe signez|toucher touche touchez
quitter quitte quittez|lâcher lâche lâchez|cacher cache cachez|attraper attrape attrapez|laver lave lavez
habiter habite habitez|accompagner accompagne accompagnez|décider décide décidez|organiser organise organisez
réaliser réalise réalisez|améliorer améliore améliorez|développer développe développez|exprimer exprime exprimez
fermer ferme fermez|sauver sauve sauvez|gérer gère gérez|pardonner pardonne pardonnez|refuser refuse refusez
terminer termine terminez|signaler signale signalez|respecter respecte respectez|consulter consulte consultez
prêter prête prêtez|emprunter emprunte empruntez|louer loue louez|dépenser dépense dépensez|livrer livre livrez
récupérer récupère récupérez|régler règle réglez|libérer libère libérez|accélérer accélère accélérez
tirer tire tirez|rouler roule roulez|crier crie criez|pleurer pleure pleurez|prier prie priez|copier copie copiez
étudier étudie étudiez|confier confie confiez|modifier modifie modifiez|fixer fixe fixez|pratiquer pratique pratiquez
retirer retire retirez|citer cite citez|éviter évite évitez|supprimer supprime supprimez|imprimer imprime imprimez
calculer calcule calculez|observer observe observez|conserver conserve conservez|prouver prouve prouvez
soigner soigne soignez|baisser baisse baissez|embrasser embrasse embrassez|grimper grimpe grimpez
"""
REFLEXIVE = """
s'abonner abonne-toi abonnez-vous|se dépêcher dépêche-toi dépêchez-vous|s'amuser amuse-toi amusez-vous
se régaler régale-toi régalez-vous|s'installer installe-toi installez-vous|se préparer prépare-toi préparez-vous
se reposer repose-toi reposez-vous|se souvenir souviens-toi souvenez-vous|se rappeler rappelle-toi rappelez-vous
se méfier méfie-toi méfiez-vous|s'inscrire inscris-toi inscrivez-vous|se lancer lance-toi lancez-vous
se faire plaisir fais-toi plaisir faites-vous plaisir|se laisser tenter laisse-toi tenter laissez-vous tenter
se lever lève-toi levez-vous|se promener promène-toi promenez-vous|s'asseoir assieds-toi asseyez-vous
se taire tais-toi taisez-vous|se détendre détends-toi détendez-vous|se servir sers-toi servez-vous
s'occuper occupe-toi occupez-vous|se connecter connecte-toi connectez-vous|s'offrir offre-toi offrez-vous
s'arrêter arrête-toi arrêtez-vous|s'approcher approche-toi approchez-vous|se mettre mets-toi mettez-vous
s'habiller habille-toi habillez-vous|s'inquiéter inquiète-toi inquiétez-vous
"""
TEMPLATES = (
    "{V} dès maintenant !",
    "Ce samedi, {v} avec nous à la boutique.",
    "🥖 {V} sans attendre.",
    "Bonne nouvelle : {v} vite, les places partent.",
    "Le marché de Noël ouvre demain ; {v} tout le week-end.",
)


def rows() -> list[str]:
    """One row per sentence: register, expected rule ids, sentence."""
    out: list[str] = []
    verbs = [entry.split() for entry in VERBS.replace("\n", "|").split("|") if entry.strip()]
    for n, (_inf, tu, vous) in enumerate(verbs):
        template = TEMPLATES[n % len(TEMPLATES)]
        for form, brand, expected in ((tu, "vous", "voice.register"), (vous, "tu", "voice.register")):
            out.append(f"{brand}\t{expected}\t{template.format(V=form.capitalize(), v=form)}")
        if n % 3 == 0:
            ne = "N'" if tu[0] in "aeiouéèêh" else "Ne "
            out.append(f"vous\tvoice.register\t{ne}{tu} pas : c’est maintenant.")
            out.append(f"tu\t-\t{template.format(V=tu.capitalize(), v=tu)}")
            out.append(f"vous\t-\t{template.format(V=vous.capitalize(), v=vous)}")
    for entry in REFLEXIVE.replace("\n", "|").split("|"):
        if not entry.strip():
            continue
        words = entry.split()
        half = (len(words) - 2) // 2 if words[0] == "se" else (len(words) - 1) // 2
        rest = words[len(words) - 2 * half :]
        tu, vous = " ".join(rest[:half]), " ".join(rest[half:])
        out.append(
            f"vous\tvoice.register\t{tu.capitalize()}, on t'attend.".replace(", on t'attend", " dès ce soir")
        )
        out.append(f"tu\tvoice.register\t{vous.capitalize()} dès ce soir.")
        out.append(f"tu\t-\t{tu.capitalize()} dès ce soir.")
    return out


if __name__ == "__main__":
    header = "# register\texpected rule ids (- for none)\tsentence\n"
    Path(__file__).with_name("verbs.tsv").write_text(header + "\n".join(rows()) + "\n", encoding="utf-8")
